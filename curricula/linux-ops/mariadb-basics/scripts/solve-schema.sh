set -eu
mariadb <<'SQL'
CREATE DATABASE IF NOT EXISTS shop;
USE shop;
CREATE TABLE IF NOT EXISTS products (
  id    INT AUTO_INCREMENT PRIMARY KEY,
  name  VARCHAR(100) NOT NULL,
  price DECIMAL(8,2) NOT NULL
);
INSERT INTO products (name, price) VALUES
  ('Desk lamp', 24.90), ('Office chair', 149.00), ('Notebook', 3.50);
SELECT * FROM products;
SQL
