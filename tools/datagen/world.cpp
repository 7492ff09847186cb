#include "datagen/world.hpp"

#include <chrono>
#include <filesystem>

#include "datagen/world_internal.hpp"

namespace ariadne::datagen {

std::optional<Scale> parse_scale(std::string_view s) {
  if (s == "small") return Scale::small;
  if (s == "medium") return Scale::medium;
  if (s == "large") return Scale::large;
  return std::nullopt;
}

std::string_view to_string(Scale s) {
  switch (s) {
    case Scale::small: return "small";
    case Scale::medium: return "medium";
    case Scale::large: return "large";
  }
  return "small";
}

ScaleCounts counts_for(Scale s) {
  switch (s) {
    case Scale::small: return {10'000, 2'000, 2'000, 30};
    case Scale::medium: return {1'000'000, 100'000, 100'000, 300};
    case Scale::large: return {10'000'000, 1'000'000, 1'000'000, 3'000};
  }
  return {};
}

namespace internal {

Status World::open(JsonlFile& f, const std::string& rel) {
  return f.open((std::filesystem::path(opt_.out) / rel).string());
}

std::vector<std::unique_ptr<JsonlFile>> World::open_per_member(const std::string& dir) {
  std::filesystem::create_directories(std::filesystem::path(opt_.out) / dir);
  std::vector<std::unique_ptr<JsonlFile>> files(gens_.size());
  for (std::size_t i = 0; i < gens_.size(); ++i) {
    files[i] = std::make_unique<JsonlFile>();
    note(open(*files[i], dir + "/" + std::string(gens_[i].country->code) + ".jsonl"));
  }
  return files;
}

void World::close_per_member(const std::string& dir, std::vector<std::unique_ptr<JsonlFile>>& files) {
  std::uint64_t lines = 0;
  for (auto& f : files) {
    note(f->close());
    lines += f->lines();
  }
  files_.push_back({dir + "/<member>.jsonl (" + std::to_string(files.size()) + " files)", lines});
}

void World::prepare() {
  for (const auto& c : cultures()) {
    auto cd = std::make_unique<CultureData>();
    cd->culture = &c;
    cd->latin_script = c.script == "Latn";
    auto load = [&](std::span<const NameEntry> entries, std::vector<Tok>& out) {
      for (const auto& e : entries) {
        Tok t;
        t.native = std::string(e.native);
        auto spellings = split(e.latin, ',');
        t.latin = cd->latin_script ? t.native : spellings.front();
        for (const auto& s : spellings) {
          if (s != t.latin && std::find(t.variants.begin(), t.variants.end(), s) == t.variants.end()) {
            t.variants.push_back(s);
          }
        }
        t.ascii = is_ascii(t.latin) ? t.latin : ascii_latin(t.latin);
        if (!cd->latin_script) t.machine = machine_latin(t.native);
        out.push_back(std::move(t));
      }
    };
    load(c.male, cd->male);
    load(c.female, cd->female);
    load(c.family, cd->family);
    load(c.family_female, cd->family_female);
    load(c.middle_male, cd->middle_male);
    load(c.middle_female, cd->middle_female);
    culture_of_[c.id] = cd.get();
    cultures_.push_back(std::move(cd));
  }

  std::uint64_t total = 0;
  for (const auto& c : countries()) {
    CountryGen g;
    g.country = &c;
    std::string_view layouts[] = {c.passport_format, c.id_card_format.empty() ? c.passport_format : c.id_card_format,
                                  kTypeLayouts[2], kTypeLayouts[3]};
    for (std::size_t t = 0; t < 4; ++t) {
      g.formats[t] = std::make_unique<NumberFormat>(layouts[t]);
      g.perms[t] = std::make_unique<Permutation>(g.formats[t]->capacity(), keys_.next());
    }
    gen_index_[c.code] = gens_.size();
    gens_.push_back(std::move(g));
    total += static_cast<std::uint64_t>(c.weight);
    cumulative_.push_back(total);
  }
  for (const auto& corridor : corridors()) {
    std::vector<std::vector<std::string>> stages;
    for (const auto& stage : split(corridor.stages, '|')) stages.push_back(split(stage, ','));
    for (std::size_t s = 0; s < stages.size(); ++s) {
      for (const auto& code : stages[s]) {
        auto& g = gens_[gen_index_.at(code)];
        for (const auto& st : stages) {
          for (const auto& other : st) {
            const Country* oc = find_country(other);
            if (oc != g.country && std::find(g.neighbours.begin(), g.neighbours.end(), oc) == g.neighbours.end()) {
              g.neighbours.push_back(oc);
            }
          }
        }
        // Legs a national of this country travels: onwards from its stage, or home again from the end.
        for (std::size_t from = s; from + 1 < stages.size(); ++from) {
          for (const auto& dep : from == s ? std::vector<std::string>{code} : stages[from]) {
            for (const auto& arr : stages[from + 1]) g.legs.emplace_back(find_country(dep), find_country(arr));
          }
        }
        if (s + 1 == stages.size()) {
          for (const auto& arr : stages.front()) g.legs.emplace_back(g.country, find_country(arr));
        }
      }
    }
  }
}

const Country* World::pick_country(Rng& rng) const {
  auto r = rng.below(cumulative_.back());
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), r);
  return gens_[static_cast<std::size_t>(it - cumulative_.begin())].country;
}

std::string World::restriction_json(Rng& rng, const CountryGen& g) const {
  double r = rng.unit();
  if (r < 0.90 || g.neighbours.size() < 2) return R"({"scope":"all"})";
  if (r < 0.96) {
    std::size_t a = rng.below(g.neighbours.size());
    std::size_t b = rng.below(g.neighbours.size() - 1);
    if (b >= a) ++b;
    std::string s = R"({"scope":"members","members":[)";
    append_json_string(s, g.neighbours[std::min(a, b)]->code);
    s += ',';
    append_json_string(s, g.neighbours[std::max(a, b)]->code);
    return s + "]}";
  }
  return R"({"scope":"owner"})";
}

void World::write_members() {
  JsonlFile members, users;
  note(open(members, "members.jsonl"));
  note(open(users, "users.jsonl"));
  std::string line;
  auto member = [&](std::string_view code, std::string_view name, std::string_view kind) {
    line.clear();
    JsonObject(line).str("code", code).str("name", name).str("kind", kind).end();
    members.write(line);
  };
  auto user = [&](std::string_view username, std::string_view code, std::string_view role) {
    line.clear();
    JsonObject(line).str("username", username).str("member", code).str("role", role).end();
    users.write(line);
  };
  member("IPSG", "General Secretariat", "secretariat");
  for (const auto& c : countries()) member(c.code, c.name, "ncb");
  for (const auto& p : partners()) member(p.code, p.name, "partner");
  user("gs.reviewer", "IPSG", "reviewer");
  user("gs.analyst", "IPSG", "analyst");
  user("gs.coordinator", "IPSG", "coordinator");
  for (const auto& c : countries()) {
    std::string lower;
    for (char ch : c.code) lower += static_cast<char>(ch - 'A' + 'a');
    user(lower + ".officer", c.code, "officer");
    user(lower + ".analyst", c.code, "analyst");
    if (std::find(std::begin(kHubs), std::end(kHubs), c.code) != std::end(kHubs)) {
      user(lower + ".coordinator", c.code, "coordinator");
    }
  }
  for (const auto& p : partners()) {
    std::string lower;
    for (char ch : p.code) lower += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    user(lower + ".checker", p.code, "partner");
  }
  note(members.close());
  note(users.close());
  files_.push_back({"members.jsonl", members.lines()});
  files_.push_back({"users.jsonl", users.lines()});
}

void World::write_documents() {
  Rng rng(opt_.seed, kDocuments);
  JsonlFile all_docs;
  note(open(all_docs, "documents.jsonl"));
  auto per_member = open_per_member("documents");
  const auto ref_days = days_from_date(kReferenceDate);
  const double sample_p = std::min(
      1.0, 4.0 * kDocHitShare * static_cast<double>(counts_.travellers) / static_cast<double>(counts_.documents));
  std::string line;
  for (std::uint64_t i = 0; i < counts_.documents; ++i) {
    const Country* c = pick_country(rng);
    std::size_t gi = gen_index_.at(c->code);
    auto& g = gens_[gi];
    bool destination =
        std::find(std::begin(kDestinations), std::end(kDestinations), c->code) != std::end(kDestinations);
    double t = rng.unit();
    std::size_t type = 0;
    if (t < 0.16 && !c->id_card_format.empty())
      type = 1;
    else if (t >= 0.94 && t < 0.97 && destination)
      type = 2;
    else if (t >= 0.97 && destination)
      type = 3;
    double s = rng.unit();
    std::string_view status = s < 0.40   ? "stolen"
                              : s < 0.85 ? "lost"
                              : s < 0.92 ? "revoked"
                              : s < 0.97 ? "invalidated"
                                         : "stolen_blank";
    if (status == "stolen_blank" && type > 1) status = "stolen";
    std::uint64_t v = (*g.perms[type])(g.next[type]++);
    std::string number = g.formats[type]->encode(v);
    std::string series_end;
    std::uint64_t range = 0;
    if (status == "stolen_blank") {
      range = 10 + rng.below(190);
      if (v + range >= g.formats[type]->capacity()) range = g.formats[type]->capacity() - 1 - v;
      series_end = g.formats[type]->encode(v + range);
      g.blanks.add(number, series_end);
    }
    line.clear();
    JsonObject o(line);
    o.str("number", number).str("issuing_state", c->code).str("type", kTypeNames[type]).str("status", status);
    if (!series_end.empty()) o.str("series_end", series_end);
    Date expiry{};
    if (status != "stolen_blank" && rng.chance(0.85)) {
      int validity = type == 3 ? 1 : (type == 2 ? 5 : (rng.chance(0.7) ? 10 : 5));
      Date issued =
          date_from_days(ref_days - static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(validity) * 365)));
      expiry = add_days(Date{issued.year + validity, issued.month, std::min(issued.day, 28)}, -1);
      o.str("issued_on", issued.iso()).str("expires_on", expiry.iso());
    }
    Date event = date_from_days(ref_days - static_cast<std::int64_t>(rng.below(std::uint64_t{5} * 365)));
    if (status == "stolen" || status == "lost" || status == "stolen_blank") o.str("stolen_on", event.iso());
    Date reported = add_days(event, static_cast<std::int64_t>(rng.below(30)));
    if (reported > kReferenceDate) reported = kReferenceDate;
    o.str("reported_on", reported.iso());
    if (rng.chance(0.25) && !g.neighbours.empty()) {
      o.str("reporting_country", g.neighbours[rng.below(g.neighbours.size())]->code);
    } else {
      o.str("reporting_country", c->code);
    }
    if (rng.chance(0.4)) {
      o.str("national_reference",
            std::string(c->code) + "/" + std::to_string(reported.year) + "/" + pad_number(rng.below(1'000'000), 6));
    }
    if (rng.chance(0.6)) {
      std::span<const std::string_view> pool = status == "stolen"        ? all(kStolenRemarks)
                                               : status == "lost"        ? all(kLostRemarks)
                                               : status == "revoked"     ? all(kRevokedRemarks)
                                               : status == "invalidated" ? all(kInvalidatedRemarks)
                                                                         : all(kBlankRemarks);
      o.str("remarks", rng.pick(pool));
    }
    o.str("owner", c->code).raw("restriction", restriction_json(rng, g));
    o.end();
    all_docs.write(line);
    per_member[gi]->write(line);
    if (type == 0 && rng.chance(sample_p)) {
      DocSample d{gi, number, std::string(status), "", expiry};
      if (range > 0) {
        d.range_start = number;
        d.number = g.formats[0]->encode(v + rng.below(range + 1));
      }
      doc_pool_.push_back(std::move(d));
    }
  }
  for (auto& g : gens_) g.blanks.seal();
  note(all_docs.close());
  files_.push_back({"documents.jsonl", all_docs.lines()});
  close_per_member("documents", per_member);
}

Result<WorldSummary> World::run() {
  auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(opt_.out) / "truth", ec);
  if (ec) return Error::invalid("out", "cannot create " + opt_.out + ": " + ec.message());
  {
    JsonlFile probe;
    ARIADNE_TRY(open(probe, "members.jsonl"));
  }
  prepare();
  write_members();
  write_documents();
  plan_networks();
  write_people();
  write_networks();
  write_contributions();
  write_diffusions();
  write_travellers();
  if (!first_error_) write_operation();
  if (first_error_) return *first_error_;
  {
    JsonlFile manifest;
    ARIADNE_TRY(open(manifest, "manifest.json"));
    std::string line;
    JsonObject o(line);
    o.num("seed", static_cast<std::int64_t>(opt_.seed)).str("scale", to_string(opt_.scale));
    o.str("reference_date", kReferenceDate.iso());
    std::string files = "{";
    for (std::size_t i = 0; i < files_.size(); ++i) {
      if (i) files += ',';
      append_json_string(files, files_[i].file);
      files += ':' + std::to_string(files_[i].lines);
    }
    o.raw("files", files + "}");
    o.num("networks", static_cast<std::int64_t>(networks_.size()));
    o.num("contributions", static_cast<std::int64_t>(contributions_));
    o.num("shared_entities", static_cast<std::int64_t>(shared_entities_));
    o.num("networks_with_overlap", static_cast<std::int64_t>(networks_with_overlap_));
    o.end();
    manifest.write(line);
    ARIADNE_TRY(manifest.close());
  }
  WorldSummary s;
  s.files = files_;
  s.networks = networks_.size();
  s.contributions = contributions_;
  s.shared_entities = shared_entities_;
  s.networks_with_overlap = networks_with_overlap_;
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

}  // namespace internal

Result<WorldSummary> generate_world(const WorldOptions& options) {
  internal::World world(options);
  return world.run();
}

}  // namespace ariadne::datagen
