// An operation-week surge against a real `ariadne serve` over loopback: every
// member submits passenger lists for batch checks back to back (a closed loop:
// the server is kept saturated, the worst case for what else it delivers),
// members send each other messages at a steady rate, and every member holds a
// live inbox stream (GET /inbox/stream). What is measured:
//
// - checks: travellers checked per second and each list's latency;
// - delivery: from the moment a POST /messages left to the moment the item
//   arrived on each recipient's stream;
// - nothing lost: every message must arrive once on each recipient's stream,
//   and every hit the checks' answers report (hit_id) must arrive once, as a
//   `hit` item, on its owner's stream. Counted against what was sent, after
//   the load stops and the streams had time to drain.
//
// A stream that drops is reopened with Last-Event-ID, as a browser would, so
// a drop costs latency but must not lose or repeat an item.
//
// Usage: exchange_surge --port P --users USERS --password-file PW --travellers T --stolen S
//                       [--seconds 30] [--batch 100] [--stolen-per-batch 1] [--messages-per-s 30]
//   USERS        JSON Lines {"member","user"}: one officer per member (each checks, sends and streams)
//   TRAVELLERS   JSON Lines of travellers as POST /documents/check/batch takes them (no record of theirs)
//   STOLEN       JSON Lines {"number","issuing_state","type","owner"}: registered documents, owned by
//                members of USERS, mixed into each list so hits and hit notifications flow
// Prints one JSON object of measurements (bench/macro/exchange.py turns them into figures).
#include <fcntl.h>
#include <sys/epoll.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "loopback_http.hpp"

namespace {

using bench::Connection;
using bench::percentile;
using bench::Target;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Options {
  int port = 0;
  std::string users;
  std::string password_file;
  std::string travellers;
  std::string stolen;
  double seconds = 30;
  std::size_t batch = 100;
  std::size_t stolen_per_batch = 1;
  double messages_per_s = 30;
};

struct Member {
  std::string code;
  std::string user;
  std::string token;
};

double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

std::vector<json> read_json_lines(const std::string& path) {
  std::vector<json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

std::string request(const Target& t, const std::string& method, const std::string& path, const std::string& token,
                    const std::string& body) {
  std::string out = method + " " + path + " HTTP/1.1\r\nHost: " + t.host + "\r\n";
  if (!token.empty()) out += "Authorization: Bearer " + token + "\r\n";
  return out + "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// --- live inbox streams ------------------------------------------------------

enum class ItemKind { message, hit };

// An item as it arrived on a member's stream: the message's id, or the hit's.
struct Arrival {
  std::size_t member = 0;
  ItemKind kind = ItemKind::message;
  std::int64_t key = 0;
  Clock::time_point at;
};

// An item some member's stream must carry once: a message to that member, or
// a hit on that member's document (told to its owner).
struct Due {
  std::optional<std::size_t> member;  // unknown only for a hit on a record that is not one mixed in here
  std::int64_t key = 0;               // the message's id, or the hit's
  Clock::time_point sent;             // when the request that caused it left
};

// Every member's stream, read by one thread through epoll, so the client
// spends little of the two cores the server also runs on, and an arrival is
// stamped when its bytes are read.
class StreamReader {
 public:
  StreamReader(const Target& target, const std::vector<Member>& members) : target_(target), members_(members) {
    epoll_ = ::epoll_create1(0);
    streams_.resize(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (!open(i)) throw std::runtime_error("cannot open the inbox stream of " + members[i].code);
    }
  }
  ~StreamReader() {
    stop();
    for (auto& s : streams_) {
      if (s.fd >= 0) ::close(s.fd);
    }
    ::close(epoll_);
  }
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  void start() {
    thread_ = std::thread([this] { run(); });
  }
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // Items of either kind arrived so far, repeats included (read while running).
  long arrived(ItemKind kind) const { return kind == ItemKind::message ? messages_.load() : hits_.load(); }
  // After stop().
  const std::vector<Arrival>& arrivals() const { return arrivals_; }
  long reconnects() const { return reconnects_; }

 private:
  struct Stream {
    int fd = -1;
    std::string buffer;
    std::int64_t last_id = 0;  // the last event's id: where a reopened stream resumes
  };

  // Opens member i's stream (resuming after its last event) and waits for the
  // answer's head: once it is in, the server follows the inbox from there.
  bool open(std::size_t i) {
    Stream& s = streams_[i];
    if (s.fd >= 0) ::close(s.fd);
    s.fd = bench::connect_tcp("", target_.host, target_.port);
    if (s.fd < 0) return false;
    std::string head = "GET /api/v1/inbox/stream HTTP/1.1\r\nHost: " + target_.host +
                       "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + members_[i].token + "\r\n";
    if (s.last_id > 0) head += "Last-Event-ID: " + std::to_string(s.last_id) + "\r\n";
    head += "\r\n";
    if (::send(s.fd, head.data(), head.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(head.size())) return false;
    timeval timeout{10, 0};
    ::setsockopt(s.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    std::string in;
    std::size_t end;
    while ((end = in.find("\r\n\r\n")) == std::string::npos) {
      char chunk[4096];
      auto n = ::recv(s.fd, chunk, sizeof(chunk), 0);
      if (n <= 0) return false;
      in.append(chunk, static_cast<std::size_t>(n));
    }
    if (in.compare(0, 12, "HTTP/1.1 200") != 0) {
      std::cerr << "exchange_surge: the stream of " << members_[i].code << " answered " << in.substr(0, end) << '\n';
      return false;
    }
    s.buffer = in.substr(end + 4);
    ::fcntl(s.fd, F_SETFL, ::fcntl(s.fd, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    return ::epoll_ctl(epoll_, EPOLL_CTL_ADD, s.fd, &ev) == 0;
  }

  void run() {
    epoll_event events[64];
    while (!stopping_) {
      int n = ::epoll_wait(epoll_, events, 64, 50);
      const auto now = Clock::now();
      for (int e = 0; e < n; ++e) {
        const auto i = static_cast<std::size_t>(events[e].data.u64);
        if (!drain(i, now)) {
          // The server ended the stream (or it broke): reopen it where it stopped.
          ++reconnects_;
          ::epoll_ctl(epoll_, EPOLL_CTL_DEL, streams_[i].fd, nullptr);
          while (!stopping_ && !open(i)) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      }
    }
  }

  // Reads what the socket holds and takes the whole events out of it; false
  // once the stream has ended.
  bool drain(std::size_t i, Clock::time_point now) {
    Stream& s = streams_[i];
    for (;;) {
      char chunk[65536];
      auto n = ::recv(s.fd, chunk, sizeof(chunk), 0);
      if (n > 0) {
        s.buffer.append(chunk, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n < 0 && errno == EINTR) continue;
      take_events(i, now);
      return false;
    }
    take_events(i, now);
    return true;
  }

  void take_events(std::size_t i, Clock::time_point now) {
    Stream& s = streams_[i];
    std::size_t start = 0;
    for (std::size_t end; (end = s.buffer.find("\n\n", start)) != std::string::npos; start = end + 2) {
      event(i, std::string_view(s.buffer).substr(start, end - start), now);
    }
    s.buffer.erase(0, start);
  }

  // One event: "id: N\nevent: KIND\ndata: JSON" (comments and the retry line
  // carry no id and are skipped).
  void event(std::size_t i, std::string_view text, Clock::time_point now) {
    std::string_view id, kind, data;
    for (std::size_t pos = 0; pos < text.size();) {
      auto eol = text.find('\n', pos);
      auto line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
      pos = eol == std::string_view::npos ? text.size() : eol + 1;
      auto field = [&](std::string_view name) { return line.substr(0, name.size()) == name; };
      if (field("id: ")) id = line.substr(4);
      if (field("event: ")) kind = line.substr(7);
      if (field("data: ")) data = line.substr(6);
    }
    if (id.empty()) return;
    streams_[i].last_id = std::stoll(std::string(id));
    if (kind != "message" && kind != "hit") return;
    const json item = json::parse(data, nullptr, false);
    if (kind == "message") {
      const auto message = item.is_object() ? item.value("message", json()) : json();
      if (!message.is_object() || !message.contains("id")) return;
      arrivals_.push_back({i, ItemKind::message, message["id"].get<std::int64_t>(), now});
      ++messages_;
    } else {
      const std::string object = item.is_object() ? item.value("object", "") : "";  // "hit:ID"
      if (object.rfind("hit:", 0) != 0) return;
      arrivals_.push_back({i, ItemKind::hit, std::stoll(object.substr(4)), now});
      ++hits_;
    }
  }

  const Target& target_;
  const std::vector<Member>& members_;
  int epoll_ = -1;
  std::vector<Stream> streams_;
  std::vector<Arrival> arrivals_;  // written by the reader thread only, read after stop()
  std::atomic<long> messages_{0};
  std::atomic<long> hits_{0};
  long reconnects_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// --- batch checks --------------------------------------------------------------

// A passenger list, ready to send, with the owner member of each registered
// document mixed into it (by its place in the list).
struct Batch {
  std::string request;
  std::size_t travellers = 0;
  std::map<std::size_t, std::size_t> owner_at;  // index in the list -> member index
};

struct CheckerLog {
  std::vector<double> latencies_ms;
  long travellers = 0;
  long errors = 0;
  std::map<int, long> error_statuses;  // 0: the connection failed
  std::vector<Due> hits;               // reported by the answers: each owner must be told
};

void check_loop(const Target& target, const std::vector<Batch>& batches,
                const std::unordered_map<std::string, std::size_t>& member_index, Clock::time_point start,
                Clock::time_point end, CheckerLog& log) {
  Connection connection(target);
  for (std::size_t b = 0; Clock::now() < end; ++b) {
    const Batch& batch = batches[b % batches.size()];
    const auto sent = Clock::now();
    const int status = connection.exchange(batch.request);
    const auto answered = Clock::now();
    if (status != 200) {
      ++log.errors;
      ++log.error_statuses[status];
      if (log.error_statuses[status] == 1) {
        std::cerr << "exchange_surge: a batch check sent " << ms_between(start, sent) / 1000
                  << " s into the run answered " << status << " after " << ms_between(sent, answered)
                  << " ms: " << connection.body().substr(0, 300) << '\n';
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // no hot loop against a failing server
      continue;
    }
    log.latencies_ms.push_back(ms_between(sent, answered));
    log.travellers += static_cast<long>(batch.travellers);
    // Only answers that name a hit are parsed: the client shares the server's two cores.
    if (connection.body().find("\"hit_id\"") == std::string_view::npos) continue;
    json answer = json::parse(connection.body(), nullptr, false);
    if (!answer.is_object() || !answer.contains("results") || !answer["results"].is_array()) {
      ++log.errors;
      continue;
    }
    for (const auto& result : answer["results"]) {
      if (!result.value("hit", false) || !result.contains("matches")) continue;
      const auto index = result.value("index", std::size_t{0});
      for (const auto& match : result["matches"]) {
        if (!match.contains("hit_id") || !match["hit_id"].is_number_integer()) continue;
        // The owner is the one whose document was mixed in there; else the one the answer names.
        Due hit{std::nullopt, match["hit_id"].get<std::int64_t>(), sent};
        if (auto o = batch.owner_at.find(index); o != batch.owner_at.end()) {
          hit.member = o->second;
        } else if (match.contains("owner") && match["owner"].is_string()) {
          auto m = member_index.find(match["owner"].get<std::string>());
          if (m != member_index.end()) hit.member = m->second;
        }
        log.hits.push_back(hit);
      }
    }
  }
}

// Each member's lists: its own slice of the travellers, cut into lists of
// `size`, with `stolen_per_list` registered documents (taken in turn from
// every owner's) spread evenly over each list.
std::vector<Batch> member_batches(const Target& target, const std::string& token, std::size_t member,
                                  std::size_t members, const std::vector<json>& travellers,
                                  const std::vector<json>& stolen,
                                  const std::unordered_map<std::string, std::size_t>& member_index, std::size_t size,
                                  std::size_t stolen_per_list) {
  const std::size_t slice = travellers.size() / members;
  const std::size_t lists = std::clamp<std::size_t>(slice / size, 1, 50);
  std::vector<Batch> out;
  for (std::size_t l = 0; l < lists; ++l) {
    Batch batch;
    json list = json::array();
    for (std::size_t k = 0; k < size; ++k) {
      list.push_back(travellers[(member * slice + l * size + k) % travellers.size()]);
    }
    for (std::size_t j = 0; j < stolen_per_list; ++j) {
      const std::size_t at = (j * size + size / 2) / stolen_per_list;
      const json& doc = stolen[(member * 7919 + l * stolen_per_list + j) % stolen.size()];
      batch.owner_at[at] = member_index.at(doc["owner"].get<std::string>());
      list[at] = {{"number", doc["number"]}, {"issuing_state", doc["issuing_state"]}, {"type", doc["type"]}};
    }
    batch.travellers = size;
    batch.request = request(target, "POST", "/api/v1/documents/check/batch", token,
                            json{{"travellers", list}, {"location", "surge"}}.dump());
    out.push_back(std::move(batch));
  }
  return out;
}

// --- messages ------------------------------------------------------------------

struct Sent {
  std::int64_t id = 0;
  std::vector<std::size_t> to;  // member indexes
  Clock::time_point at;         // when the request left
};

struct SenderLog {
  std::vector<Sent> sent;
  std::vector<double> post_ms;  // POST /messages answer latency
  long errors = 0;
};

// Member `from` sends a message every `interval` from `start`: to one other
// member, or to three (one in ten); mostly routine, some urgent or immediate.
void send_loop(const Target& target, const std::vector<Member>& members, std::size_t from, Clock::time_point start,
               Clock::duration interval, Clock::time_point end, SenderLog& log) {
  static const char* kPriorities[] = {"routine", "routine", "routine", "urgent", "immediate"};
  std::mt19937_64 random(from * 31 + 7);
  Connection connection(target);
  auto last_used = Clock::now();
  long n = 0;
  for (auto due = start; due < end; due += interval, ++n) {
    std::this_thread::sleep_until(due);
    std::vector<std::size_t> to;
    const std::size_t count = random() % 10 == 0 ? std::min<std::size_t>(3, members.size() - 1) : 1;
    while (to.size() < count) {
      std::size_t r = random() % members.size();
      if (r != from && std::find(to.begin(), to.end(), r) == to.end()) to.push_back(r);
    }
    json codes = json::array();
    for (auto r : to) codes.push_back(members[r].code);
    json body = {{"to", codes},
                 {"subject", "Surge " + members[from].code + " " + std::to_string(n)},
                 {"body", "Passenger list check of the operation week, follow-up " + std::to_string(n) +
                              ": please confirm the traveller's onward journey and any record you hold."},
                 {"priority", kPriorities[random() % 5]}};
    // The server closes a connection idle for its keep-alive (2 s): leave first, never under a request.
    if (Clock::now() - last_used > std::chrono::milliseconds(1500)) connection.disconnect();
    const auto sent = Clock::now();
    const int status =
        connection.exchange(request(target, "POST", "/api/v1/messages", members[from].token, body.dump()));
    last_used = Clock::now();
    if (status != 201) {
      ++log.errors;
      continue;
    }
    log.post_ms.push_back(ms_between(sent, last_used));
    json answer = json::parse(connection.body(), nullptr, false);
    if (!answer.is_object() || !answer["id"].is_number_integer()) {
      ++log.errors;
      continue;
    }
    log.sent.push_back({answer["id"].get<std::int64_t>(), std::move(to), sent});
  }
}

// --- tallies -----------------------------------------------------------------------

// How the items expected on the streams arrived: each once, on the right stream.
struct Tally {
  long expected = 0;
  long lost = 0;
  long duplicated = 0;    // arrivals beyond the first
  long misdelivered = 0;  // arrived on another member's stream (and not on the right one)
  long unexpected = 0;    // arrivals of items nothing here sent or was told of
  std::vector<double> latencies_ms;
};

Tally tally(const std::vector<Arrival>& arrivals, ItemKind kind, const std::vector<Due>& due) {
  std::map<std::pair<std::size_t, std::int64_t>, std::vector<Clock::time_point>> seen;  // (member, key) -> arrivals
  std::map<std::int64_t, long> by_key;                                                  // key -> arrivals anywhere
  for (const auto& a : arrivals) {
    if (a.kind != kind) continue;
    seen[{a.member, a.key}].push_back(a.at);
    ++by_key[a.key];
  }
  Tally t;
  std::set<std::pair<std::size_t, std::int64_t>> wanted;
  std::set<std::int64_t> wanted_anywhere;  // items of an unknown member: any one stream will do
  for (const auto& d : due) {
    ++t.expected;
    if (!d.member) {
      wanted_anywhere.insert(d.key);
      auto n = by_key.find(d.key);
      if (n == by_key.end()) {
        ++t.lost;
      } else {
        t.duplicated += n->second - 1;
      }
      continue;
    }
    wanted.insert({*d.member, d.key});
    auto it = seen.find({*d.member, d.key});
    if (it == seen.end()) {
      if (by_key.count(d.key)) {
        ++t.misdelivered;
      } else {
        ++t.lost;
      }
      continue;
    }
    t.duplicated += static_cast<long>(it->second.size()) - 1;
    t.latencies_ms.push_back(std::max(0.0, ms_between(d.sent, it->second.front())));
  }
  for (const auto& [where, times] : seen) {
    if (!wanted.count(where) && !wanted_anywhere.count(where.second)) t.unexpected += static_cast<long>(times.size());
  }
  std::sort(t.latencies_ms.begin(), t.latencies_ms.end());
  return t;
}

json tally_json(const Tally& t) {
  return {{"expected", t.expected},
          {"lost", t.lost},
          {"duplicated", t.duplicated},
          {"misdelivered", t.misdelivered},
          {"unexpected", t.unexpected},
          {"p50_ms", percentile(t.latencies_ms, 0.50)},
          {"p99_ms", percentile(t.latencies_ms, 0.99)},
          {"max_ms", t.latencies_ms.empty() ? 0.0 : t.latencies_ms.back()}};
}

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--port") {
      o.port = std::stoi(value);
    } else if (name == "--users") {
      o.users = value;
    } else if (name == "--password-file") {
      o.password_file = value;
    } else if (name == "--travellers") {
      o.travellers = value;
    } else if (name == "--stolen") {
      o.stolen = value;
    } else if (name == "--seconds") {
      o.seconds = std::stod(value);
    } else if (name == "--batch") {
      o.batch = std::stoul(value);
    } else if (name == "--stolen-per-batch") {
      o.stolen_per_batch = std::stoul(value);
    } else if (name == "--messages-per-s") {
      o.messages_per_s = std::stod(value);
    } else {
      return false;
    }
  }
  return argc % 2 == 1 && o.port > 0 && !o.users.empty() && !o.password_file.empty() && !o.travellers.empty() &&
         !o.stolen.empty() && o.seconds > 0 && o.batch > 0 && o.stolen_per_batch <= o.batch && o.messages_per_s > 0;
}

int surge(int argc, char** argv) {
  Options o;
  if (!parse_options(argc, argv, o)) {
    std::cerr << "usage: exchange_surge --port P --users USERS --password-file PW --travellers T --stolen S "
                 "[--seconds 30] [--batch 100] [--stolen-per-batch 1] [--messages-per-s 30]\n";
    return 2;
  }
  Target target{"127.0.0.1", o.port, "/api/v1", ""};
  std::string password;
  std::getline(std::ifstream(o.password_file), password);
  std::vector<Member> members;
  std::unordered_map<std::string, std::size_t> member_index;
  for (const auto& u : read_json_lines(o.users)) {
    member_index[u["member"].get<std::string>()] = members.size();
    members.push_back({u["member"].get<std::string>(), u["user"].get<std::string>(), ""});
  }
  const auto travellers = read_json_lines(o.travellers);
  const auto stolen = read_json_lines(o.stolen);
  if (members.size() < 2 || travellers.empty() || (stolen.empty() && o.stolen_per_batch > 0)) {
    std::cerr << "exchange_surge: need two members or more, travellers and registered documents\n";
    return 2;
  }

  // Logins one after the other (Argon2id: about 0.2 s each), before any load.
  {
    Connection connection(target);
    for (auto& m : members) {
      int status = connection.exchange(
          request(target, "POST", "/api/v1/auth/login", "", json{{"username", m.user}, {"password", password}}.dump()));
      if (status != 200) {
        std::cerr << "exchange_surge: login of " << m.user << " answered " << status << '\n';
        return 1;
      }
      m.token = json::parse(connection.body())["token"].get<std::string>();
    }
  }
  std::vector<std::vector<Batch>> batches;
  for (std::size_t i = 0; i < members.size(); ++i) {
    batches.push_back(member_batches(target, members[i].token, i, members.size(), travellers, stolen, member_index,
                                     o.batch, o.stolen_per_batch));
  }

  StreamReader streams(target, members);  // every stream open (its head answered) before the load starts
  streams.start();

  const auto start = Clock::now() + std::chrono::milliseconds(200);
  const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<CheckerLog> checkers(members.size());
  std::vector<SenderLog> senders(members.size());
  // Each member sends every members/rate seconds; the members' schedules are staggered over one interval.
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(static_cast<double>(members.size()) / o.messages_per_s));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < members.size(); ++i) {
    threads.emplace_back([&, i] {
      std::this_thread::sleep_until(start);
      check_loop(target, batches[i], member_index, start, end, checkers[i]);
    });
    const auto offset = interval * static_cast<long>(i) / static_cast<long>(members.size());
    threads.emplace_back(send_loop, std::cref(target), std::cref(members), i, start + offset, interval, end,
                         std::ref(senders[i]));
  }
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  // What the streams must carry.
  std::vector<Due> messages, hits;
  std::vector<double> check_ms, post_ms;
  long travellers_checked = 0, check_errors = 0, message_errors = 0;
  std::map<std::string, long> check_error_statuses;  // by status, "0" for a failed connection
  for (const auto& c : checkers) {
    check_ms.insert(check_ms.end(), c.latencies_ms.begin(), c.latencies_ms.end());
    travellers_checked += c.travellers;
    check_errors += c.errors;
    for (const auto& [status, n] : c.error_statuses) check_error_statuses[std::to_string(status)] += n;
    hits.insert(hits.end(), c.hits.begin(), c.hits.end());
  }
  long messages_sent = 0;
  for (const auto& s : senders) {
    post_ms.insert(post_ms.end(), s.post_ms.begin(), s.post_ms.end());
    message_errors += s.errors;
    messages_sent += static_cast<long>(s.sent.size());
    for (const auto& m : s.sent) {
      for (auto r : m.to) messages.push_back({r, m.id, m.at});
    }
  }
  // The streams drain: wait until as many items arrived as are due (or 15 s
  // passed), then a second more, so a late repeat is still counted.
  const auto drain_until = Clock::now() + std::chrono::seconds(15);
  while (Clock::now() < drain_until && (streams.arrived(ItemKind::message) < static_cast<long>(messages.size()) ||
                                        streams.arrived(ItemKind::hit) < static_cast<long>(hits.size()))) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  streams.stop();

  const Tally delivered = tally(streams.arrivals(), ItemKind::message, messages);
  const Tally notified = tally(streams.arrivals(), ItemKind::hit, hits);
  std::sort(check_ms.begin(), check_ms.end());
  std::sort(post_ms.begin(), post_ms.end());
  json out = {{"members", members.size()},
              {"seconds", elapsed},
              {"batch", o.batch},
              {"travellers_checked", travellers_checked},
              {"checks_per_s", static_cast<double>(travellers_checked) / elapsed},
              {"batches", check_ms.size()},
              {"batch_p50_ms", percentile(check_ms, 0.50)},
              {"batch_p99_ms", percentile(check_ms, 0.99)},
              {"check_errors", check_errors},
              {"check_error_statuses", check_error_statuses},
              {"messages_sent", messages_sent},
              {"messages_per_s", static_cast<double>(messages_sent) / elapsed},
              {"message_post_p50_ms", percentile(post_ms, 0.50)},
              {"message_post_p99_ms", percentile(post_ms, 0.99)},
              {"message_errors", message_errors},
              {"deliveries", tally_json(delivered)},
              {"hit_notifications", tally_json(notified)},
              {"stream_reconnects", streams.reconnects()}};
  std::cout << out.dump() << '\n';
  return check_errors + message_errors > 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return surge(argc, argv);
  } catch (const std::exception& e) {  // a bad input line, a stream that would not open
    std::cerr << "exchange_surge: " << e.what() << '\n';
    return 1;
  }
}
