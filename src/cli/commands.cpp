#include "cli/commands.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/contributions.hpp"
#include "analysis/csv_import.hpp"
#include "analysis/ftm.hpp"
#include "analysis/import.hpp"
#include "analysis/leads.hpp"
#include "analysis/people.hpp"
#include "app/jobs.hpp"
#include "app/schema.hpp"
#include "common/json_fields.hpp"
#include "common/time.hpp"
#include "ident/mrz.hpp"
#include "ident/mrz_json.hpp"
#include "notices/import.hpp"
#include "notices/watchlist.hpp"
#include "policy/accounts.hpp"
#include "sltd/bulk.hpp"
#include "store/audit.hpp"

namespace ariadne::cli {

int fail(const std::string& command, const Error& e) {
  std::cerr << "ariadne " << command << ": " << e.message << '\n';
  return exit_code(e.code);
}

int fail_on(const std::string& command, const std::string& what, const Error& e) {
  std::cerr << "ariadne " << command << ": " << what << ": " << e.message << '\n';
  for (const auto& f : e.fields) std::cerr << "  " << f.field << ": " << f.reason << '\n';
  return exit_code(e.code);
}

std::string exact_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

int write_output(const std::string& command, const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::cout << text;
    if (!std::cout.flush()) return fail_on(command, "stdout", Error::internal("write failed"));
    return 0;
  }
  std::ofstream file(path, std::ios::binary);
  if (!file) return fail_on(command, path, Error::invalid("out", "cannot be written"));
  if (!(file << text) || !file.flush()) return fail_on(command, path, Error::internal("write failed"));
  return 0;
}

namespace {

Result<std::string> read_password(const std::optional<std::string>& file) {
  if (!file) return policy::random_password();
  std::ifstream in(*file);
  if (!in) return Error::invalid("password-file", "cannot read " + *file);
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  ARIADNE_TRY(policy::validate_password(password));
  return password;
}

policy::Caller cli_caller() {
  auto c = policy::system_caller();
  c.username = "cli";
  return c;
}

}  // namespace

int init(const std::string& db_url, const std::string& admin_user, const std::optional<std::string>& password_file) {
  auto password = read_password(password_file);
  if (!password) return fail("init", password.error());
  if (auto v = policy::validate_username(admin_user); !v) return fail("init", v.error());
  auto db = store::open_database(db_url);
  if (!db) return fail("init", db.error());
  if (app::require_initialised(**db)) {
    return fail("init", Error::invalid("db", db_url + " is already initialised"));
  }
  auto done = (*db)->transaction([&]() -> Status {
    ARIADNE_TRY(store::migrate(**db, app::all_migrations()));
    ARIADNE_TRY(policy::add_member(**db, cli_caller(), std::string(policy::kSecretariat), "General Secretariat",
                                   policy::MemberKind::secretariat));
    ARIADNE_TRY(policy::add_user(**db, cli_caller(), std::string(policy::kSecretariat), policy::Role::admin, admin_user,
                                 *password));
    return {};
  });
  if (!done) return fail("init", done.error());
  std::cout << "initialised " << db_url << "\n";
  std::cout << "administrator: " << admin_user << " (member IPSG)\n";
  if (!password_file) std::cout << "password: " << *password << "\n";
  return 0;
}

int member_add(const std::string& db_url, const std::string& code, const std::string& name, const std::string& kind) {
  auto k = policy::parse_member_kind(kind);
  if (!k) return fail("member add", Error::invalid("kind", "must be ncb, secretariat or partner"));
  auto db = open_ready(db_url);
  if (!db) return fail("member add", db.error());
  auto member = policy::add_member(**db, cli_caller(), code, name, *k);
  if (!member) return fail("member add", member.error());
  std::cout << "member " << member->code << " (" << to_string(member->kind) << "): " << member->name << "\n";
  return 0;
}

int user_add(const std::string& db_url, const std::string& member, const std::string& role, const std::string& username,
             const std::optional<std::string>& password_file) {
  auto r = policy::parse_role(role);
  if (!r) {
    return fail("user add",
                Error::invalid("role", "must be officer, analyst, reviewer, coordinator, admin or partner"));
  }
  auto password = read_password(password_file);
  if (!password) return fail("user add", password.error());
  auto db = open_ready(db_url);
  if (!db) return fail("user add", db.error());
  auto user = policy::add_user(**db, cli_caller(), member, *r, username, *password);
  if (!user) return fail("user add", user.error());
  std::cout << "user " << user->username << " (" << to_string(user->role) << ", " << user->member << ")\n";
  if (!password_file) std::cout << "password: " << *password << "\n";
  return 0;
}

int serve(const server::ServerConfig& config) {
  return server::serve(config);
}

int remind(const std::string& db_url, std::chrono::seconds hit_overdue) {
  auto db = open_ready(db_url);
  if (!db) return fail("remind", db.error());
  auto done = app::run_reminders(**db, today_utc(), hit_overdue);
  if (!done) return fail("remind", done.error());
  std::cout << app::to_json(*done).dump() << '\n';
  return 0;
}

int mrz_parse(const std::string& input) {
  std::ifstream file;
  if (!input.empty() && input != "-") {
    file.open(input);
    if (!file) return fail("mrz parse", Error::invalid("input", "cannot read " + input));
  }
  std::istream& in = file.is_open() ? static_cast<std::istream&>(file) : std::cin;
  int status = 0;
  std::string pending;           // lines of the MRZ being gathered
  std::size_t pending_line = 0;  // its first line number
  auto emit = [&](const std::string& text, std::size_t line_number) {
    auto parsed = ident::parse_mrz(text);
    if (!parsed) {
      std::cerr << "ariadne mrz parse: line " << line_number << ": " << parsed.error().message << '\n';
      status = 2;
      return;
    }
    auto out = ident::mrz_to_json(*parsed);
    out["line"] = line_number;
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  };
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    bool blank = line.find_first_not_of(" \t") == std::string::npos;
    if (line.find("\\n") != std::string::npos) {  // a whole MRZ with escaped line breaks
      if (!pending.empty()) {
        emit(pending, pending_line);
        pending.clear();
      }
      std::string text;
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == 'n') {
          text += '\n';
          ++i;
        } else {
          text += line[i];
        }
      }
      emit(text, number);
    } else if (blank) {
      if (!pending.empty()) {
        emit(pending, pending_line);
        pending.clear();
      }
    } else {
      if (pending.empty()) pending_line = number;
      pending += (pending.empty() ? "" : "\n") + line;
    }
  }
  if (!pending.empty()) emit(pending, pending_line);
  std::cout.flush();
  return status;
}

namespace {

Result<sltd::BulkFormat> import_format(const ImportOptions& o) {
  if (!o.format.empty()) {
    auto f = sltd::parse_bulk_format(o.format);
    if (!f) return Error::invalid("format", "must be jsonl or csv");
    return *f;
  }
  auto ext = std::filesystem::path(o.file).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return sltd::BulkFormat::jsonl;
  if (ext == ".csv") return sltd::BulkFormat::csv;
  return Error::invalid("format", "cannot tell the format of " + o.file + " from its name: pass --format jsonl|csv");
}

Result<policy::Caller> import_caller(store::Database& db, const std::string& code) {
  ARIADNE_ASSIGN(auto member, policy::find_member(db, code));
  if (!member) return Error::invalid("member", "member " + code + " does not exist (ariadne member add)");
  if (member->kind == policy::MemberKind::partner) {
    return Error::invalid("member", code + " is a partner organisation: partners do not register records");
  }
  return policy::Caller{UserId{0}, "import", member->code, member->kind, policy::Role::admin};
}

// "\r45% 12000 records: 11990 accepted, 10 rejected" on a terminal.
class ProgressBar {
 public:
  explicit ProgressBar(std::uintmax_t total) : active_(isatty(STDERR_FILENO) == 1), total_(total) {}
  void show(const sltd::BulkProgress& p) {
    if (!active_) return;
    std::string line = "\r";
    if (total_ > 0) {
      auto percent = static_cast<int>(100.0 * static_cast<double>(p.bytes_read) / static_cast<double>(total_));
      int filled = std::min(percent, 100) / 5;
      line += "[" + std::string(static_cast<std::size_t>(filled), '#') +
              std::string(static_cast<std::size_t>(20 - filled), ' ') + "] " + std::to_string(percent) + "% ";
    }
    line += std::to_string(p.records) + " records: " + std::to_string(p.accepted) + " accepted, " +
            std::to_string(p.rejected) + " rejected";
    std::cerr << line << std::flush;
    shown_ = true;
  }
  // Clears the bar before a message line.
  void clear() {
    if (active_ && shown_) std::cerr << "\r\033[K";
    shown_ = false;
  }

 private:
  bool active_;
  std::uintmax_t total_;
  bool shown_ = false;
};

// JSON Lines of POST /notices bodies, drafted (or submitted) as the member's import user.
int import_notices(const ImportOptions& o, std::istream& in, store::Database& db, const policy::Caller& caller) {
  if (!o.format.empty() && o.format != "jsonl") {
    return fail("import", Error::invalid("format", "notices come as JSON Lines only"));
  }
  ProgressBar bar(0);  // counts only: notices are few
  notices::ImportOptions options;
  options.batch_size = o.batch_size;
  options.submit = o.submit;
  options.on_error = [&](const LineError& e) {
    bar.clear();
    std::cerr << describe(e) << '\n';
  };
  std::size_t accepted = 0;
  options.on_progress = [&](const notices::ImportProgress& p) {
    accepted = p.accepted;
    bar.show({0, p.records, p.accepted, p.rejected});
  };
  auto report = notices::import_notices(db, caller, in, options);
  bar.clear();
  if (!report) {
    if (accepted > 0) std::cerr << "ariadne import: " << accepted << " notices were committed before the failure\n";
    return fail("import", report.error());
  }
  std::cout << "import notices: accepted " << report->accepted << (o.submit ? " (submitted)" : " (drafts)")
            << ", rejected " << report->rejected << " (" << report->batches_rolled_back << " of " << report->batches
            << " batches rolled back)\n";
  return report->rejected > 0 ? 2 : 0;
}

// JSON Lines of case packages, contributed as the member's import user, each all or nothing.
int import_contributions(const ImportOptions& o, std::istream& in, std::uintmax_t size, store::Database& db,
                         const policy::Caller& caller) {
  const bool csv = o.format == "csv" || (o.format.empty() && std::filesystem::path(o.file).extension() == ".csv");
  const bool ftm = o.format == "ftm";
  if (!o.format.empty() && o.format != "jsonl" && o.format != "csv" && !ftm) {
    return fail("import", Error::invalid("format",
                                         "case data comes as JSON Lines (jsonl), CSV with --mapping, or "
                                         "FollowTheMoney entities (ftm)"));
  }
  const bool case_options =
      !o.case_ref.empty() || !o.crime_type.empty() || !o.reported_on.empty() || !o.restriction.empty();
  if (case_options && !ftm) {
    return fail("import", Error::invalid("format",
                                         "--case, --crime-type, --reported-on and --restriction are for "
                                         "--format ftm (a package or a CSV mapping says them itself)"));
  }
  analysis::FtmOptions ftm_options;
  if (ftm) {
    if (o.crime_type.empty()) return fail("import", Error::invalid("crime-type", "FtM cases need --crime-type"));
    if (o.restriction.empty()) {
      return fail("import", Error::invalid("restriction",
                                           "say who may see the cases: --restriction all, owner or "
                                           "members:CODE,CODE"));
    }
    auto restriction = policy::restriction_from_text(o.restriction);
    if (!restriction) return fail("import", restriction.error());
    ftm_options = {o.case_ref, o.crime_type, o.reported_on, *restriction};
  }
  std::optional<analysis::CsvMapping> mapping;
  if (csv) {
    if (o.mapping.empty()) return fail("import", Error::invalid("mapping", "a CSV file needs --mapping MAP.json"));
    std::ifstream in(o.mapping, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return fail("import", Error::invalid("mapping", "cannot read " + o.mapping));
    auto json = parse_json_object(text.str());
    if (!json) return fail("import", Error::invalid("mapping", o.mapping + ": " + json.error().message));
    auto parsed = analysis::parse_csv_mapping(*json);
    if (!parsed) return fail("import", parsed.error());
    mapping = std::move(parsed).value();
  } else if (!o.mapping.empty()) {
    return fail("import", Error::invalid("mapping", "--mapping is for a CSV file"));
  }
  ProgressBar bar(size);
  analysis::ContributionImportOptions options;
  options.batch_size = std::min<std::size_t>(o.batch_size, 10000);
  options.on_error = [&](const LineError& e) {
    bar.clear();
    std::cerr << describe(e) << '\n';
  };
  options.on_warning = options.on_error;
  std::size_t accepted = 0;
  options.on_progress = [&](const analysis::ContributionImportProgress& p) {
    accepted = p.accepted;
    bar.show({p.bytes_read, p.packages, p.accepted, p.rejected});
  };
  auto report = mapping ? analysis::import_csv_contributions(db, caller, in, *mapping, options)
                : ftm   ? analysis::import_ftm_contributions(db, caller, in, ftm_options, options)
                        : analysis::import_contributions(db, caller, in, options);
  bar.clear();
  if (!report) {
    if (accepted > 0) std::cerr << "ariadne import: " << accepted << " packages were committed before the failure\n";
    return fail("import", report.error());
  }
  std::cout << "import contribution: accepted " << report->accepted << " packages (" << report->mentions
            << " entities and events; " << report->warnings << " identifiers kept as given), rejected "
            << report->rejected << '\n';
  if (report->accepted > 0) {
    // The people of the file resolved again with what arrived (ids as stored are kept).
    analysis::People people;
    auto done = people.sync(db);
    if (!done) return fail("import", done.error());
    std::cout << "people: " << done->mentions << " person mentions are " << done->entities << " people ("
              << done->reassigned << " mentions assigned, " << done->redirected << " entities merged), " << std::fixed
              << std::setprecision(1) << done->seconds << " s\n";
    auto leads = analysis::raise_leads(db);
    if (!leads) return fail("import", leads.error());
    std::cout << "leads: " << leads->leads << " new pairs of cases sharing " << leads->matches
              << " entities; owners told " << leads->notifications << " times\n";
  }
  return report->rejected > 0 ? 2 : 0;
}

}  // namespace

// A sanctions list as special notices of the General Secretariat: adds, updates and cancels by the list's references.
int import_watchlist(const ImportOptions& o) {
  if (o.format != "un-xml" && o.format != "ofac-csv") {
    return fail("import", Error::invalid("format", "a watchlist needs --format un-xml or ofac-csv"));
  }
  if (!o.member.empty()) {
    return fail("import", Error::invalid("member", "watchlist notices belong to the General Secretariat: no --member"));
  }
  std::ifstream file(o.file, std::ios::binary);
  if (!file || std::filesystem::is_directory(o.file)) {
    return fail("import", Error::invalid("file", "cannot read " + o.file));
  }
  auto db = open_ready(o.db_url);
  if (!db) return fail("import", db.error());
  // OFAC's aliases come in alt.csv beside sdn.csv.
  std::ifstream alt((std::filesystem::path(o.file).parent_path() / "alt.csv").string(), std::ios::binary);
  auto list = o.format == "un-xml" ? notices::parse_un_xml(file)
                                   : notices::parse_ofac_csv(file, alt.is_open() ? &alt : nullptr);
  if (!list) return fail("import", list.error());
  auto report = notices::import_watchlist(**db, *list);
  if (!report) return fail("import", report.error());
  for (const auto& r : report->rejected) std::cerr << "entry " << r.reference << ": " << r.reason << '\n';
  std::cout << notices::to_json(*report).dump() << '\n';
  return report->rejected.empty() ? 0 : 2;
}

int import_records(const ImportOptions& o) {
  const std::string command = "import";
  if (o.kind == "watchlist") return import_watchlist(o);
  if (o.member.empty()) return fail(command, Error::invalid("member", "--member is required"));
  if (o.kind == "notices" || o.kind == "contribution") {
    std::ifstream file;
    std::uintmax_t size = 0;
    if (o.file != "-") {
      file.open(o.file, std::ios::binary);
      if (!file || std::filesystem::is_directory(o.file)) {
        return fail(command, Error::invalid("file", "cannot read " + o.file));
      }
      std::error_code ec;
      size = std::filesystem::file_size(o.file, ec);
      if (ec) size = 0;
    }
    auto db = open_ready(o.db_url);
    if (!db) return fail(command, db.error());
    auto caller = import_caller(**db, o.member);
    if (!caller) return fail(command, caller.error());
    std::istream& in = file.is_open() ? static_cast<std::istream&>(file) : std::cin;
    if (o.kind == "contribution") return import_contributions(o, in, size, **db, *caller);
    return import_notices(o, in, **db, *caller);
  }
  if (o.kind != "documents") {
    return fail(command,
                Error::invalid("kind", "KIND must be documents, notices, watchlist or contribution, not " + o.kind));
  }
  auto format = import_format(o);
  if (!format) return fail(command, format.error());
  std::ifstream file;
  std::uintmax_t size = 0;
  if (o.file != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(o.file, ec))
      return fail(command, Error::invalid("file", o.file + " is a directory"));
    file.open(o.file, std::ios::binary);
    if (!file) return fail(command, Error::invalid("file", "cannot read " + o.file));
    size = std::filesystem::file_size(o.file, ec);
    if (ec) size = 0;
  }
  std::istream& in = file.is_open() ? static_cast<std::istream&>(file) : std::cin;
  auto db = open_ready(o.db_url);
  if (!db) return fail(command, db.error());
  auto caller = import_caller(**db, o.member);
  if (!caller) return fail(command, caller.error());

  ProgressBar bar(size);
  sltd::BulkProgress last;
  sltd::BulkOptions options;
  options.format = *format;
  options.batch_size = o.batch_size;
  // A regular file never stalls a read, so batches may share group transactions.
  std::error_code regular_ec;
  if (file.is_open() && std::filesystem::is_regular_file(o.file, regular_ec))
    options.group_records = sltd::kGroupRecords;
  options.max_errors = 0;  // printed as they come
  options.on_error = [&](const LineError& e) {
    bar.clear();
    std::cerr << describe(e) << '\n';
  };
  options.on_progress = [&](const sltd::BulkProgress& p) {
    last = p;
    bar.show(p);
  };
  auto report = sltd::import_documents(**db, *caller, in, options);
  bar.clear();
  if (!report) {
    if (last.committed > 0) {
      std::cerr << "ariadne import: " << last.committed << " documents were committed before the failure\n";
    }
    for (const auto& f : report.error().fields) std::cerr << "  " << f.field << ": " << f.reason << '\n';
    return fail(command, report.error());
  }
  std::size_t rolled_back = 0;
  for (const auto& b : report->batches) {
    if (b.committed) continue;
    ++rolled_back;
    std::cerr << "lines " << b.first_line << "-" << b.last_line << ": batch of " << b.records
              << " records rolled back\n";
  }
  std::cout << "import documents: accepted " << report->accepted << ", rejected " << report->rejected << " ("
            << rolled_back << " of " << report->batches.size() << " batches rolled back)\n";
  return report->rejected > 0 ? 2 : 0;
}

int export_records(const ExportOptions& o) {
  const std::string command = "export";
  if (o.kind != "contribution") return fail(command, Error::invalid("kind", "KIND must be contribution"));
  if (o.format != "jsonl" && o.format != "ftm") {
    return fail(command, Error::invalid("format", "must be jsonl (case packages) or ftm (FollowTheMoney)"));
  }
  if (o.member.empty()) return fail(command, Error::invalid("member", "--member is required"));
  auto db = open_ready(o.db_url);
  if (!db) return fail(command, db.error());
  auto caller = import_caller(**db, o.member);
  if (!caller) return fail(command, caller.error());
  std::ofstream file;
  if (!o.out.empty()) {
    file.open(o.out, std::ios::binary | std::ios::trunc);
    if (!file) return fail(command, Error::invalid("out", "cannot write " + o.out));
  }
  std::ostream& out = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
  std::size_t packages = 0, lines = 0, withheld = 0;
  analysis::ContributionQuery query{o.member, 0, 500};
  while (true) {
    auto page = analysis::list_contributions(**db, *caller, query);
    if (!page) return fail(command, page.error());
    for (const auto& info : *page) {
      query.after_id = info.id;
      if (!o.case_ref.empty() && info.case_ref != o.case_ref) continue;
      auto c = analysis::get_contribution(**db, *caller, info.id);
      if (!c) return fail(command, c.error());
      ++packages;
      if (o.format == "jsonl") {
        out << analysis::to_json(c->package).dump() << '\n';
        ++lines;
        continue;
      }
      // Ids unique across cases: the contribution's number before each local id.
      auto ftm = analysis::to_ftm(c->package, "c" + std::to_string(info.id) + "-");
      for (const auto& e : ftm.entities) out << e.dump() << '\n';
      lines += ftm.entities.size();
      withheld += ftm.withheld_victims;
    }
    if (page->size() < static_cast<std::size_t>(query.limit)) break;
  }
  out.flush();
  if (!out) return fail(command, Error::invalid("out", "the output could not be written"));
  if (packages == 0) {
    return fail(command, Error::not_found(o.case_ref.empty() ? "contributions of " + o.member : "case " + o.case_ref));
  }
  std::cerr << "export contribution: " << packages << " packages, " << lines << " lines"
            << (o.format == "ftm" ? ", " + std::to_string(withheld) + " victims withheld (FtM cannot protect them)"
                                  : "")
            << '\n';
  return 0;
}

}  // namespace ariadne::cli
