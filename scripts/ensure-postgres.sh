#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at the URL given: starts the machine's cluster if it is
# installed but stopped, installs Debian's postgresql if there is none (as root).
url="$1"
ready() { node -e "
  const pg = require('pg'); const c = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
  c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));" "$url" 2>/dev/null; }
ready && exit 0
if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -1)" main start 2>/dev/null || true
  for _ in $(seq 1 20); do ready && exit 0; sleep 0.5; done
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ ! -d /etc/postgresql ]; then
  echo "Installing PostgreSQL from Debian's packages…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 || exit 1
  v=$(ls /etc/postgresql | tail -1)
  sed -i 's/^\(local\|host\)\(.*\)\(md5\|peer\|scram-sha-256\)$/\1\2trust/' "/etc/postgresql/$v/main/pg_hba.conf"
  pg_ctlcluster --skip-systemctl-redirect "$v" main start || exit 1
  su postgres -c "psql -qc \"create role root superuser login\"" 2>/dev/null || true
  su postgres -c "createdb -O root test" 2>/dev/null || true
  for _ in $(seq 1 20); do ready && exit 0; sleep 0.5; done
fi
exit 1
