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

rm -f "$dir/pw"

# The synthetic world (tools/datagen): members along the corridors, their
# users, documents, people, notices and passenger lists, with truth files.
world=$dir/world
"$bin" datagen --scale small --seed 1 --out "$world" >/dev/null
# members.jsonl lines are {"code":…,"name":…,"kind":…}; users.jsonl {"username":…,"member":…,"role":…}.
sed -E 's/^\{"code":"([^"]*)","name":"([^"]*)","kind":"([^"]*)"\}$/\1|\2|\3/' "$world/members.jsonl" |
  grep -v '^IPSG|' | tr '\n' '\0' |
  xargs -0 -P 4 -I{} bash -c 'IFS="|" read -r c n k <<<"$1"; "$2" member add "$c" "$n" --kind "$k" --db "$3" >/dev/null' \
    _ {} "$bin" "$db"

# Users get generated passwords, in parallel (hashing is the slow part).
add_user() {  # bin db dir member role name
  local pw
  pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20)
  printf '%s\n' "$pw" > "$3/pw.$6"
  "$1" user add --db "$2" --member "$4" --role "$5" "$6" --password-file "$3/pw.$6" >/dev/null
  rm -f "$3/pw.$6"
  printf '%s\t%s\t%s\t%s\n' "$6" "$4" "$5" "$pw" >> "$3/credentials.txt"
}
export -f add_user
sed -E 's/^\{"username":"([^"]*)","member":"([^"]*)","role":"([^"]*)"\}$/\2 \3 \1/' "$world/users.jsonl" |
  xargs -P 4 -L 1 bash -c 'add_user "$0" "$1" "$2" "$3" "$4" "$5"' "$bin" "$db" "$dir"
{ head -n 2 "$creds"; tail -n +3 "$creds" | sort; } > "$creds.sorted" && mv "$creds.sorted" "$creds"

# Documents, once `ariadne import documents` exists: each member imports its own.
if "$bin" import --help >/dev/null 2>&1; then
  for f in "$world"/documents/*.jsonl; do
    code=$(basename "$f" .jsonl)
    "$bin" import documents "$f" --member "$code" --db "$db" >/dev/null
  done
fi

# Case packages of the crime analysis file: each member contributes its own
# (a member that saw no case has an empty file).
for f in "$world"/contributions/*.jsonl; do
  [ -s "$f" ] || continue
  "$bin" import contribution "$f" --member "$(basename "$f" .jsonl)" --db "$db" >/dev/null
done

# Notices (each issuer imports and submits its own; the General Secretariat's
# reviewer approves them) and diffusions (each sender's officer posts them).
/usr/bin/python3 scripts/demo_load.py "$bin" "$db" "$world" "$creds"

# The operation week the world simulated, run through the system (moved to end
# yesterday): the coordinator's operation, every participant's checks uploaded
# with their times, their hits and outcomes; its report as the Secretariat sees it.
operation=$("$bin" operation replay "$world" --db "$db")
operation_id=$(printf '%s' "$operation" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["operation"])')
"$bin" operation report "$operation_id" --db "$db" --format html > "$dir/operation-report.html"
operation_summary=$(printf '%s' "$operation" | /usr/bin/python3 -c 'import json, sys; o = json.load(sys.stdin)
print("%d participants, %d checks, %d hits, %d outcomes" % (o["participants"], o["checks"], o["hits"], o["outcomes"]))')

# A sample passenger list for the border check: the first 100 travellers of the world.
passengers=$dir/passengers.json
head -n 100 "$world/travellers.jsonl" | /usr/bin/python3 -c \
  'import json, sys; print(json.dumps({"travellers": [json.loads(l) for l in sys.stdin]}, ensure_ascii=False))' \
  > "$passengers"

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

Published notices (red, yellow, blue, purple, black) and diffusions of the world's networks:
  curl -s "http://127.0.0.1:$port/api/v1/notices?type=red&limit=5" -H "Authorization: Bearer TOKEN"

Check a sample passenger list (100 travellers of the synthetic world, a few with recorded documents) against the stolen and lost documents:
  curl -s -X POST http://127.0.0.1:$port/api/v1/documents/check/batch -H "Authorization: Bearer TOKEN" \\
       -H 'Content-Type: application/json' --data-binary @$passengers

A finished operation week (operation $operation_id: $operation_summary)
  its report as a printable page: $dir/operation-report.html, or as its coordinator sees it:
  curl -s http://127.0.0.1:$port/api/v1/operations/$operation_id/report -H "Authorization: Bearer TOKEN"

All demo users and their passwords: $creds
  $(($(wc -l < "$creds") - 1)) users: <code>.officer and <code>.analyst for every member (fra.officer, ita.analyst, …),
  coordinators at the hubs (ita.coordinator, grc.coordinator, …), gs.reviewer, airlink.checker, and admin.
The synthetic world the demo was filled from (with its truth files): $world
The API is described at http://127.0.0.1:$port/api/v1/openapi.json
Stop with Ctrl-C.

INFO
exec "$bin" serve --db "$db" --port "$port"
