set -eu
groupadd atlas
useradd -m -s /bin/bash -G atlas alice
useradd -m -s /bin/bash bob
id alice
id bob
