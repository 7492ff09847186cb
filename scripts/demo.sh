#!/usr/bin/env bash
# Fills a fresh demo database and serves it on http://127.0.0.1:8080.
# Credentials are generated anew each time and written to demo-data/credentials.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/src/cli/ariadne}
port=${ARIADNE_DEMO_PORT:-8080}
dir=demo-data
db=$dir/ariadne.db

rm -rf "$dir"
mkdir -p "$dir"
chmod 700 "$dir"
creds=$dir/credentials.txt
umask 077

new_password() { head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20; }

admin_pw=$(new_password)
printf '%s\n' "$admin_pw" > "$dir/pw"
"$bin" init --db "$db" --admin-password-file "$dir/pw" >/dev/null
printf 'user\tmember\trole\tpassword\n' > "$creds"
printf 'admin\tIPSG\tadmin\t%s\n' "$admin_pw" >> "$creds"

# Members along the main smuggling and trafficking corridors.
while IFS='|' read -r code name; do
  "$bin" member add "$code" "$name" --db "$db" >/dev/null
done <<'MEMBERS'
FRA|France
DEU|Germany
ITA|Italy
GRC|Greece
ESP|Spain
MLT|Malta
TUR|Türkiye
LBY|Libya
NER|Niger
NGA|Nigeria
SDN|Sudan
ERI|Eritrea
SRB|Serbia
HUN|Hungary
AUT|Austria
GBR|United Kingdom
COL|Colombia
PAN|Panama
MEX|Mexico
USA|United States
THA|Thailand
MYS|Malaysia
MMR|Myanmar
BGD|Bangladesh
VNM|Viet Nam
MEMBERS
"$bin" member add AIRLINK "AirLink Carrier Association" --kind partner --db "$db" >/dev/null

add_user() {  # member role name
  local pw
  pw=$(new_password)
  printf '%s\n' "$pw" > "$dir/pw"
  "$bin" user add --db "$db" --member "$1" --role "$2" "$3" --password-file "$dir/pw" >/dev/null
  printf '%s\t%s\t%s\t%s\n' "$3" "$1" "$2" "$pw" >> "$creds"
}
add_user IPSG reviewer gs.reviewer
add_user FRA officer fra.officer
add_user FRA analyst fra.analyst
add_user DEU officer deu.officer
add_user ITA officer ita.officer
add_user ITA coordinator ita.coordinator
add_user GRC officer grc.officer
add_user AIRLINK partner airlink.checker
rm -f "$dir/pw"

officer_pw=$(awk -F'\t' '$1=="fra.officer"{print $4}' "$creds")
cat <<INFO

Ariadne demo — http://127.0.0.1:$port/api/v1 (database $db)

Log in as the French officer:
  curl -s -X POST http://127.0.0.1:$port/api/v1/auth/login -H 'Content-Type: application/json' \\
       -d '{"username":"fra.officer","password":"$officer_pw"}'
Then call the API with the token:
  curl -s http://127.0.0.1:$port/api/v1/me -H "Authorization: Bearer TOKEN"
  curl -s -X POST http://127.0.0.1:$port/api/v1/documents -H "Authorization: Bearer TOKEN" \\
       -H 'Content-Type: application/json' \\
       -d '{"number":"15AB12345","issuing_state":"FRA","type":"passport","status":"stolen"}'

All demo users and their passwords: $creds
  $(cut -f1-3 "$creds" | tail -n +2 | tr '\t' ' ' | paste -sd ',' | sed 's/,/, /g')
The API is described at http://127.0.0.1:$port/api/v1/openapi.json
Stop with Ctrl-C.

INFO
exec "$bin" serve --db "$db" --port "$port"
