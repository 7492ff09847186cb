#!/usr/bin/env python3
"""Writes the seed inputs of fuzz/corpus/: small samples of the tests' data
(tests/data) and hand-written bodies, one file per input, named seed-*.
Run once from the repository root; the fuzzer's own finds are merged in by
`make fuzz`."""
import csv
import json
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data")


def write(target, name, content):
    d = os.path.join(ROOT, "fuzz", "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(content)


def j(value):
    return json.dumps(value, ensure_ascii=False)


DOCUMENT = {"number": "15AB00123", "issuing_state": "FRA", "type": "passport", "status": "stolen"}
RED = {"type": "red",
       "subject": {"names": [{"full": "محمد عبد الله الحسن"}, {"full": "Mohammed Abdullah Al-Hassan"}],
                   "birth_date": "1985-04-12", "sex": "M", "nationalities": ["SYR"]},
       "offence": "trafficking in human beings", "legal_basis": "Code pénal art. 225-4-1",
       "warrant": "MA-2026-0042"}
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


def json_bodies():
    t = "fuzz_json_body"
    write(t, "login", j({"username": "fra.officer", "password": "correct horse"}))
    write(t, "user", j({"username": "deu.admin", "member": "DEU", "role": "admin", "password": "x" * 12}))
    write(t, "review", j({"decision": "reject", "reasons": ["no warrant", "name unclear"]}))
    write(t, "hit", j({"outcome": "confirmed", "note": "held at gate 4"}))
    write(t, "hit-action", j({"action": "victim_referred", "note": "to the shelter"}))
    write(t, "message", j({"to": ["DEU", "ITA"], "subject": "Convoy", "body": "Two vans", "priority": "urgent",
                           "handling": "no_forward", "caveat": "NCB only", "reply_to": 3,
                           "references": [{"kind": "document", "id": 7}, {"kind": "notice", "id": 2}]}))
    write(t, "message-all", j({"to": "all", "subject": "Route", "body": "Lampedusa"}))
    write(t, "forward", j({"to": ["IPSG"], "note": "for the desk", "priority": "immediate"}))
    write(t, "operation", j({"name": "Liberterra", "participants": ["DEU", "ITA"], "start": "2026-11-02",
                             "end": "2026-11-08T18:00:00Z", "focus": "both", "region": "Europe",
                             "locations": [{"kind": "airport", "name": "CDG", "country": "FRA",
                                            "latitude": 49.0, "longitude": 2.55}]}))
    write(t, "outcomes", j({"outcomes": [
        {"kind": "arrest", "offence": "smuggling", "occurred_at": "2026-11-03", "count": 2},
        {"kind": "victim", "age_band": "12-17", "sex": "F", "nationality": "NGA", "exploitation": "sexual",
         "occurred_at": "2026-11-03T10:00:00.5Z"},
        {"kind": "cash_seized", "amount": 5000, "currency": "EUR", "occurred_at": "2026-11-04"}]}))
    write(t, "mrz", j({"mrz": TD3}))
    write(t, "nested", j({"subject": {"name": "A"}, "limit": 5, "near": True, "travellers": []}))
    write(t, "types", '{"username":1,"password":null,"limit":1.5,"near":"yes","reasons":[1,"a"]}')
    write(t, "deep", "[" * 40 + "]" * 40)
    write(t, "escapes", '{"username":"\\u00e9\\ud83d\\ude00\\n","password":"\\u0000"}')
    # The two past defects: a wide object of empty objects (quadratic in the
    # depth guard) and a number out of double's range.
    write(t, "wide-objects", '{"x":{' + ",".join('"k%d":{}' % i for i in range(2000)) + "}}")
    write(t, "huge-number", '{"username":1e400}')
    write(t, "huge-integer", '{"limit":123456789012345678901234567890}')


def documents():
    t = "fuzz_document_input"
    write(t, "minimal", j(DOCUMENT))
    full = dict(DOCUMENT, reporting_country="FRA", issued_on="2019-03-01", expires_on="2029-02-28",
                stolen_on="2024-01-02", reported_on="2024-01-03", national_reference="PN-2024-1",
                remarks="stolen with the wallet", restriction={"scope": "members", "members": ["DEU", "GBR"]})
    write(t, "full", j(full))
    write(t, "blank-range", j(dict(DOCUMENT, status="stolen_blank", series_end="15AB00199")))
    write(t, "owner", j(dict(DOCUMENT, owner="IPSG", type="P")))
    write(t, "bad", '{"number":"","issuing_state":"XX","type":"boat","status":"sold","colour":1}')
    write(t, "patch", j({"status": "lost", "remarks": "found again"}))


def notices():
    t = "fuzz_notice_input"
    write(t, "red", j(RED))
    write(t, "yellow", j({"type": "yellow", "subject": {"names": [{"full": "Amina B."}], "sex": "F"},
                          "disappeared_on": "2025-11-02", "disappeared_place": "Lyon"}))
    write(t, "purple", j({"type": "purple", "modus_operandi": "recruitment through fake job offers"}))
    write(t, "blue", j({"type": "blue", "subject": {"names": [{"full": "Ivan Petrov", "script": "Latn"}],
                                                    "places_of_birth": ["Kyiv"], "marks": "scar, left hand"},
                        "restriction": {"scope": "members", "members": ["DEU"]}, "extract_to_all": False}))
    write(t, "documents", j(dict(RED, documents=[{"number": "X1234567", "issuing_state": "SYR",
                                                   "type": "passport"}])))
    write(t, "bad", '{"type":"violet","subject":{"names":[{"full":""}],"birth_date":"1985-13"}}')


def checks():
    t = "fuzz_check_request"
    write(t, "fields", j({"number": "15AB00123", "issuing_state": "FRA", "type": "passport"}))
    write(t, "mrz", j({"mrz": TD3, "near": True, "location": "CDG T2", "ref": "AF123-17"}))
    write(t, "person", j({"number": "X1", "name": "Anna Eriksson", "birth_date": "1974-08-12",
                          "nationality": "SWE", "sex": "F"}))
    write(t, "split-name", j({"number": "X1", "surname": "ERIKSSON", "given_names": "ANNA MARIA"}))
    write(t, "bad", '{"number":5,"issuing_state":"FRANCE","type":"boat","near":"y","id":1}')
    t = "fuzz_check_batch"
    travellers = [{"number": "15AB00123", "issuing_state": "FRA"}, {"mrz": TD3, "ref": "2"},
                  {"number": "X1", "name": "Anna Eriksson", "birth_date": "1974"}, 5, {"number": ""}]
    write(t, "batch", j({"travellers": travellers, "location": "CDG T2", "near": True}))
    write(t, "empty", '{"travellers":[]}')
    write(t, "bad-envelope", '{"travellers":{},"location":1,"near":"x","extra":0}')
    write(t, "deep", '{"travellers":[' + "[" * 40 + "]" * 40 + "]}")
    write(t, "huge-number", '{"travellers":[{"number":"A","near":1e400}]}')
    t = "fuzz_traveller"
    for i, tr in enumerate(travellers):
        write(t, "traveller-%d" % i, j(tr))
    write(t, "repeated", '{"number":"A1","number":"B2","ref":7,"ref":"r","near":null}')
    write(t, "person-types", '{"number":"A1","name":["x"],"sex":"Q","birth_date":"1985-02-30","nationality":1}')


def screen():
    t = "fuzz_screen_query"
    write(t, "query", j({"name": "Mohammed Al-Hassan", "birth_date": "1985-04-12", "nationality": "SYR",
                         "sex": "M", "limit": 5}))
    write(t, "document", j({"name": "محمد الحسن", "document": "X1234567"}))
    write(t, "batch", j({"queries": [{"name": "Ivan Petrov"}, {"name": "Иван Петров", "limit": 100}]}))
    write(t, "bad", '{"name":"","limit":0,"sex":"male","colour":1}')


def mrz():
    t = "fuzz_mrz"
    with open(os.path.join(DATA, "mrz", "vectors.json"), encoding="utf-8") as f:
        vectors = json.load(f)
    for v in vectors[:60]:
        lines = v.get("mrz_lines") or []
        if lines:
            write(t, "vector-" + v["id"], "\n".join(lines))
    write(t, "one-line", TD3.replace("\n", ""))
    write(t, "crlf-ocr", TD3.replace("\n", "\r\n").replace("0", "O", 3).lower())


def bulk():
    rows = [DOCUMENT, dict(DOCUMENT, number="15ab-002", remarks="bag stolen in Lyon"),
            dict(DOCUMENT, number="15AB003", restriction={"scope": "owner"})]
    t = "fuzz_bulk_jsonl"
    write(t, "three", "".join(j(r) + "\n" for r in rows))
    write(t, "bom-crlf", "\ufeff" + "".join(j(r) + "\r\n" for r in rows[:2]) + "\r\n")
    write(t, "bad-lines", '{"number":"","type":"boat","colour":1}\nnot json\n[1,2]\n' + j(rows[0]) + "\n")
    t = "fuzz_bulk_csv"
    write(t, "quoted", "number,issuing_state,type,status,reported_on,remarks,restriction_scope,restriction_members\n"
                       'C1,FRA,passport,stolen,2024-01-02,"stolen, with the wallet",,\n'
                       'C2,FRA,identity_card,lost,,"the ""blue"" one\nsecond line",members,DEU;GBR\n'
                       "C3,FRA,visa,revoked,,,owner,\n")
    write(t, "line-numbers", 'number,issuing_state,type,status,remarks\nL1,FRA,passport,stolen,"a\nb\nc"\n\n'
                             'L2,FRA,passport,sold,\nL3,FRA,passport,stolen,"x",\n')
    write(t, "bad-header", "number,issuing_state,type,status,wings\nA,FRA,P,lost,2\n")
    write(t, "range", "\ufeffnumber,issuing_state,type,status,series_end\r\nB100,FRA,passport,stolen_blank,B199\r\n")


def notice_import():
    t = "fuzz_notice_import"
    lines = [RED, {"type": "purple", "modus_operandi": "fake job offers"},
             {"type": "yellow", "subject": {"names": [{"full": "Amina B."}]}}]
    write(t, "three", "".join(j(l) + "\n" for l in lines))
    write(t, "bad-line", j(lines[1]) + "\n{oops\n" + j({"type": "violet"}) + "\n")


def watchlists():
    xml = open(os.path.join(DATA, "watchlists", "UN_consolidated.xml"), encoding="utf-8").read()
    head = xml[:xml.index("<INDIVIDUALS>") + len("<INDIVIDUALS>")]
    people = re.findall(r"<INDIVIDUAL>.*?</INDIVIDUAL>", xml, re.S)
    for i in (0, 1, 57, 300, 700):
        write("fuzz_un_xml", "individual-%d" % i,
              head + "\n    " + people[i] + "\n  </INDIVIDUALS>\n  <ENTITIES/>\n</CONSOLIDATED_LIST>\n")
    write("fuzz_un_xml", "two", head + people[2] + people[3] + "</INDIVIDUALS></CONSOLIDATED_LIST>")
    base = os.path.join(DATA, "watchlists", "ofac_sdn_2019")
    sdn = open(os.path.join(base, "sdn.csv"), encoding="latin-1").read().splitlines()
    alt = open(os.path.join(base, "alt.csv"), encoding="latin-1").read().splitlines()
    individuals = [l for l in sdn if '"individual"' in l]
    for i in (0, 10, 100, 1000, 2000):
        ent = individuals[i]
        ref = ent.split(",")[0]
        aliases = [a for a in alt if a.split(",")[0] == ref]
        write("fuzz_ofac_csv", "individual-%d" % i, ent + "\n" + (("%%ALT%%\n" + "\n".join(aliases) + "\n")
                                                                  if aliases else ""))
    write("fuzz_ofac_csv", "mixed", "\n".join(sdn[:3] + individuals[20:23]) + "\n")


def names():
    t = "fuzz_names"
    with open(os.path.join(DATA, "names", "crossscript_persons.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_script = {}
    for r in rows:
        by_script.setdefault(r["script"], []).append(r["name"])
    n = 0
    for script, names in sorted(by_script.items()):
        for name in names[:6]:
            write(t, "%s-%d" % (script, n), name)
            n += 1
    for i, name in enumerate(["สมชาย ใจดี", "ခင်မောင်ထွန်း", "RamiMakhlouf", "Ba'asyir", "AT&T",
                              "Mohammed\tMuhammad", "O'Neil-Smith Jr.", "ḥsyn", "İbrahim Çelik"]):
        write(t, "hand-%d" % i, name)


def snapshots():
    """Offline copies without their signature (the target signs them)."""
    t = "fuzz_snapshot"

    def header(magic, version, kind, f, b, adds, removals, pairs):
        out = magic + struct.pack("<I", version) + bytes([kind, f, b, 0])
        out += struct.pack("<qqqQQII", 1767225600, 42, 40 if kind else 0, adds, removals, len(pairs), 0)
        return out + bytes(range(16)) + bytes(32) + b"".join(pairs)

    pairs = [b"DEU0", b"FRA0"]
    hashes = [0x1111111111111111, 0x7777777777777777, 0xEEEEEEEEEEEEEEEE]
    v1 = header(b"ARSLTDv1", 1, 0, 0, 0, 3, 0, pairs)
    v1 += b"".join(struct.pack("<Q", h) for h in hashes) + bytes([0, 1, 8])
    write(t, "v1-full", v1)
    v1d = header(b"ARSLTDv1", 1, 1, 0, 0, 1, 1, pairs) + struct.pack("<Q", hashes[1]) + bytes([2])
    write(t, "v1-delta", v1d + struct.pack("<Q", hashes[0]))

    def v2(kind, hs, statuses, removals):
        f, n = 61, len(hs)
        b = 0
        while (1 << b) < n:
            b += 1
        bits = []
        for bucket in range(1 << b):
            bits += [1] * sum(1 for h in hs if (h >> (64 - b) if b else 0) == bucket) + [0]
        entries = []
        width = f - b + 3
        for h, s in zip(hs, statuses):
            fp = h >> (64 - f)
            below = fp & ((1 << (f - b)) - 1)
            v = (below << 3) | s
            entries += [(v >> k) & 1 for k in range(width)]

        def pack(bitlist):
            out = bytearray((len(bitlist) + 7) // 8)
            for i, bit in enumerate(bitlist):
                if bit:
                    out[i // 8] |= 1 << (i % 8)
            return bytes(out)

        return (header(b"ARSLTDv2", 2, kind, f, b, n, len(removals), pairs) + pack(bits) + pack(entries)
                + b"".join(struct.pack("<Q", r) for r in removals))

    write(t, "v2-full", v2(0, hashes, [0, 1, 7], []))
    write(t, "v2-empty", v2(0, [], [], []))
    write(t, "v2-delta", v2(1, hashes[:2], [3, 4], [hashes[2]]))
    write(t, "short", b"ARSLTDv2" + bytes(20))


def audit():
    t = "fuzz_audit_verify"
    row = "\t".join
    good = [row(["1", "2026-01-01T00:00:00.000Z", "system", "IPSG", "member.create", "member:FRA", "ok", ""]),
            row(["2", "2026-01-01T00:00:01.000Z", "fra.officer", "FRA", "document.bulk_create",
                 "document:5,7-9", "ok", "4 documents"]),
            row(["3", "2026-01-01T00:00:02.000Z", "-", "-", "login", "user:ghost", "failed", "é"])]
    write(t, "intact", "\n".join(good) + "\n")
    write(t, "gap", "\n".join([good[0], good[2]]) + "\n")
    write(t, "altered", "\n".join(good[:2] + [good[2] + "\t=\t" + "ab" * 32]) + "\n")
    write(t, "head", "\n".join(good) + "\nHEAD\t5\t" + "0" * 64 + "\n")
    write(t, "ranges", row(["1", "t", "u", "m", "a", "document:1-99999999999999999999,-,5-", "ok", ""]) + "\n")


def past_defects():
    """Every JSON route's body once with a number out of double's range (HTTP 500 before the fix)."""
    for t, body in (("fuzz_document_input", DOCUMENT), ("fuzz_notice_input", RED),
                    ("fuzz_check_request", {"number": "A1"}), ("fuzz_screen_query", {"name": "A"}),
                    ("fuzz_traveller", {"number": "A1"}), ("fuzz_bulk_jsonl", DOCUMENT),
                    ("fuzz_notice_import", RED)):
        text = j(body)[:-1] + ', "limit": -1e400}'
        write(t, "huge-number", text + ("\n" if t in ("fuzz_bulk_jsonl", "fuzz_notice_import") else ""))


def er_flat_files():
    """`ariadne er`: a configuration, a line %%CSV%%, then the CSV it maps."""
    t = "fuzz_er_flat_file"
    febrl = open(os.path.join(ROOT, "bench", "er", "febrl.json"), encoding="utf-8").read()
    rows = open(os.path.join(DATA, "febrl", "dataset1.csv"), encoding="utf-8").read().splitlines()
    write(t, "febrl", febrl.strip() + "\n%%CSV%%\n" + "\n".join([rows[0].replace("rec_id", "id")] + rows[1:41]) + "\n")
    names = {"columns": {"name": "name", "dob": "birth_date", "sex": "sex", "nat": "nationality",
                         "phone": "identifier:phone", "passport": "identifier:passport"},
             "exclusive_identifiers": ["passport"], "threshold": 0.5}
    write(t, "scripts", j(names) + "\n%%CSV%%\nid,name,dob,sex,nat,phone,passport\n"
          "1,Mohammed Al-Hassan,1980-01-02,M,SYR,+963944123456,SYR:N123\n"
          "2,محمد الحسن,1980-01-02,M,SYR,+963944123456,\n3,Muhammad Al Hasan,1980,M,SYR,,SYR:N999\n"
          "4,Сергей Иванов,1975-05-05,M,RUS,,\n5,Sergei Ivanov,19750505,male,RUS,,\n6,王小明,1990-02-30,F,CHN,,\n"
          '7,"Ana, López",,X,ESP,,\n8,,,,,,\n')
    split = {"columns": {"given": "given_name", "family": "surname", "d": "birth_date", "pc": "code", "st": "category",
                         "street": "text"},
             "blocking": [{"keys": ["given_key", "surname_key"], "max_block": 3}, ["attr:pc", "given_initial"]],
             "training": [["birth_date"]]}
    write(t, "split", j(split) + "\n%%CSV%%\nid,given,family,d,pc,st,street\n"
          "a,kayla,harrington,19150612,3465,nsw,maltby circuit\nb,harrington,kayla,19150621,3465,nsw,maltby crct\n"
          "c,k,harrington,1915,3456,vic,\n")
    write(t, "bad-role", '{"columns": {"name": "shoe"}}\n%%CSV%%\nid,name\n1,a\n')
    write(t, "repeated-id", '{"columns": {"name": "name"}}\n%%CSV%%\nid,name\n1,a\n1,a\n')
    write(t, "no-header", '{"columns": {"name": "name"}}\n%%CSV%%\n')


def contribution_csvs():
    """`ariadne import contribution FILE.csv --mapping`: a mapping, a line %%CSV%%, then the CSV it maps."""
    t = "fuzz_contribution_csv"
    mapping = {"case": {"column": "Case"}, "crime_type": "trafficking_in_human_beings",
               "reported_on": {"column": "Reported"}, "restriction": {"scope": "all"},
               "columns": {"Name": "person.names", "Alias": "person.names", "DOB": "person.birth_date",
                           "Sex": "person.sex", "Nat": "person.nationality", "Phone": "phone.number",
                           "IBAN": "account.iban", "Passport": "document.number", "State": "document.issuing_state",
                           "Plate": "vehicle.plate"},
               "constants": {"document.type": "passport", "account.type": "bank", "account.country": "FRA",
                             "vehicle.country": "FRA", "vehicle.type": "van", "vehicle.make": "Renault"}}
    header = "Case,Reported,Name,Alias,DOB,Sex,Nat,Phone,IBAN,Passport,State,Plate\n"
    write(t, "cases", j(mapping) + "\n%%CSV%%\n" + header +
          "FRA-1,2026-02-01,Youssef El Amrani,يوسف العمراني,1990-07,M,MAR,06 12 34 56 78,"
          "FR76 3000 6000 0112 3456 7890 189,15AB12345,FRA,AB-123-CD\n"
          "FRA-1,2026-02-01,Amina El Amrani,,1992-02-30,F,MAR,,,,,\n"
          "FRA-1,2026-02-01,,,,,,+33 6 12 34 56 79,,,,\n"
          "FRA-2,2026-02-03,EL AMRANI Youssef,,1990-07-14,M,,06 12 34 56 78,RO00 0000,,,\n"
          "FRA-3,2026-02-03,Dan Toma,,2099-01-01,Q,XXX,,,,,\n"
          "FRA-1,2026-02-01,Ana,,,F,,,,,,\n")
    write(t, "constants-only", j({"case": "FRA-9", "crime_type": "migrant_smuggling", "reported_on": "2026-01-01",
                                  "restriction": {"scope": "owner"}, "columns": {"n": "person.names"}}) +
          '\n%%CSV%%\nn\n"Kim, Jong"\nИван Петров\n\n"unterminated\n')
    write(t, "absent-column", j({"case": {"column": "C"}, "crime_type": "migrant_smuggling", "reported_on": "2026-01-01",
                                 "restriction": {"scope": "all"}, "columns": {"Name": "person.names"}}) +
          "\n%%CSV%%\nC,N\n1,x\n")
    write(t, "bad-mapping", '{"case": {"row": 1}, "columns": {"a": "person.shoe"}}\n%%CSV%%\na\n1\n')


def contribution_ftms():
    """`ariadne import contribution FILE --format ftm`: FollowTheMoney entities, one per line."""
    t = "fuzz_contribution_ftm"

    def e(id, schema, props, ds="FRA-1"):
        return j({"id": id, "schema": schema, "properties": props, "datasets": [ds]})

    write(t, "case", "\n".join([
        e("p1", "Person", {"name": ["Youssef El Amrani", "يوسف العمراني"], "firstName": ["Youssef"],
                           "lastName": ["El Amrani"], "birthDate": ["1990-07-14T00:00:00", "1990"],
                           "gender": ["male"], "nationality": ["ma", "zz"], "phone": ["+33612345678"],
                           "email": ["y@example.org"], "addressEntity": ["a1"], "notes": ["role: driver"]}),
        e("p2", "Person", {"firstName": ["Amina"], "lastName": ["El Amrani"], "phone": ["06 12 34 56 78"]}),
        e("a1", "Address", {"street": ["5 rue X"], "city": ["Lyon"], "country": ["fr"]}),
        e("c1", "Company", {"name": ["Transports YEA"], "jurisdiction": ["fr"], "registrationNumber": ["123"]}),
        e("b1", "BankAccount", {"iban": ["FR76 3000 6000 0112 3456 7890 189"], "bankName": ["B"]}),
        e("b2", "BankAccount", {"accountNumber": ["77"], "accountType": ["hawala"], "country": ["tr"]}),
        e("v1", "Vehicle", {"registrationNumber": ["AB-123-CD"], "country": ["fr"], "type": ["Van"],
                            "operator": ["p1"], "owner": ["c1"]}),
        e("s1", "Vessel", {"name": ["Sea"], "type": ["rubber_dinghy"], "operator": ["p1"], "notes": ["length_m: 9"]}),
        e("d1", "Passport", {"number": ["15AB12345"], "country": ["fr"], "holder": ["p1"]}),
        e("d2", "Identification", {"number": ["X1"], "country": ["ma"], "type": ["visa"], "holder": ["c1"]}),
        e("o1", "Ownership", {"owner": ["p1"], "asset": ["b1", "c1"], "startDate": ["2019"]}),
        e("f1", "Family", {"person": ["p1"], "relative": ["p2"], "relationship": ["sister"]}),
        e("m1", "Membership", {"member": ["p1"], "organization": ["c1"]}),
        e("w1", "Employment", {"employee": ["p2"], "employer": ["c1"]}),
        e("u1", "UnknownLink", {"subject": ["p1"], "object": ["p2"], "role": ["recruited"]}),
        e("y1", "Payment", {"payer": ["p2"], "beneficiary": ["p1"], "payerAccount": ["b2"], "date": ["2026-01-02"],
                            "amount": ["1500.5"], "currency": ["eur"], "notes": ["country: TUR"]}),
        e("y2", "Payment", {"payer": ["c1"], "beneficiary": ["p1"], "purpose": ["salary"]}),
        e("ev1", "Event", {"name": ["border_crossing"], "date": ["2026-01-03"], "country": ["it"],
                           "involved": ["p1", "s1"], "notes": ["from: LBY", "to: ITA", "mode: sea", "count: 40",
                                                               "phone: +33612345678"]}),
        e("x1", "Sanction", {"entity": ["p1"], "program": ["P"]}),
        e("l1", "LegalEntity", {"phone": ["+33700000000"]}),
        e("p3", "Person", {"name": ["Other case"]}, "FRA-2"),
    ]) + "\n")
    write(t, "broken", "\n".join([
        e("p1", "Person", {"name": ["A"], "birthDate": ["2099-01-01"]}),
        e("d1", "Passport", {"number": ["1"], "holder": ["nobody"]}),
        e("o1", "Ownership", {"owner": ["p1"]}),
        '{"id": "bad id!", "schema": "Person", "properties": {"name": "x"}, "datasets": ["FRA-1"]}',
        "not json",
        e("p9", "Person", {"name": ["B"]}, "FRA-3"),
        e("p8", "Person", {"name": ["C"]}, "FRA-1"),
        '{"id": "n", "schema": "Person", "properties": {}}',
    ]) + "\n")


for step in (past_defects, json_bodies, documents, notices, checks, screen, mrz, bulk, notice_import, watchlists, names,
             snapshots, audit, er_flat_files, contribution_csvs, contribution_ftms):
    step()
