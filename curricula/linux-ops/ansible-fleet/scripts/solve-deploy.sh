set -eu
cd /root/fleet
mkdir -p templates
cat > templates/index.html.j2 <<'J2'
<!doctype html>
<title>{{ inventory_hostname }}</title>
<h1>Hello from {{ inventory_hostname }}</h1>
<p>Managed by Ansible: edits by hand are overwritten by the next run.</p>
J2
cat > site.yml <<'YML'
- name: Web servers serve a page with their own name
  hosts: web
  tasks:
    - name: nginx is installed
      ansible.builtin.apt:
        name: nginx
        state: present

    - name: the home page names its host
      ansible.builtin.template:
        src: templates/index.html.j2
        dest: /var/www/html/index.html
        owner: root
        group: root
        mode: "0644"

    - name: nginx is running
      ansible.builtin.service:
        name: nginx
        state: started
YML
ansible-playbook site.yml </dev/null
curl -s node1 | grep -w node1
curl -s node2 | grep -w node2
