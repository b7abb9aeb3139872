set -eu
mariadb <<'SQL'
CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY 'Sh0p-app-2024';
GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO 'app'@'%';
SHOW GRANTS FOR 'app'@'%';
SQL
