// The access matrix: who may read, find, change and delete a FRA document
// under each restriction scope.
//
//   caller \ scope   all        members [DEU]   owner
//   FRA (owner)      sees       sees            sees       and may change and delete
//   DEU              sees       sees            -
//   ITA              sees       -               -
//   IPSG (admin)     sees       sees            sees       but may not change (403)
//   UNODC (partner)  403 on every read
//
// A record the caller may not see answers 404 exactly as an absent id does,
// so existence is not revealed; a visible record the caller may not change
// answers 403. Every case registers its own document, so cases are
// independent of order.
#include <regex>

#include "server_fixture.hpp"

namespace ariadne::apitest {
namespace {

enum class Op { read, list, search, update, remove };
enum class Scope { all, members, owner };

struct Caller {
  std::string label;  // member code, for the test name
  std::string user;
};

const std::vector<Caller> kCallers = {{"FRA", "fra.officer"},
                                      {"DEU", "deu.officer"},
                                      {"ITA", "ita.officer"},
                                      {"IPSG", "admin"},
                                      {"UNODC", "partner.user"}};

struct MatrixCase {
  Caller caller;
  Scope scope;
  Op op;
};

const char* name_of(Scope s);
const char* name_of(Op op);

void PrintTo(const MatrixCase& c, std::ostream* os) {
  *os << c.caller.label << " (" << c.caller.user << ") " << name_of(c.scope) << " " << name_of(c.op);
}

const char* name_of(Scope s) {
  switch (s) {
    case Scope::all: return "all";
    case Scope::members: return "members";
    case Scope::owner: return "owner";
  }
  return "?";
}

const char* name_of(Op op) {
  switch (op) {
    case Op::read: return "read";
    case Op::list: return "list";
    case Op::search: return "search";
    case Op::update: return "update";
    case Op::remove: return "delete";
  }
  return "?";
}

json restriction_of(Scope s) {
  switch (s) {
    case Scope::all: return {{"scope", "all"}};
    case Scope::members: return {{"scope", "members"}, {"members", {"DEU"}}};
    case Scope::owner: return {{"scope", "owner"}};
  }
  return nullptr;
}

// The expected table.
bool sees(const std::string& member, Scope s) {
  if (member == "FRA" || member == "IPSG") return true;
  if (member == "DEU") return s != Scope::owner;
  if (member == "ITA") return s == Scope::all;
  return false;
}

std::vector<MatrixCase> all_cases() {
  std::vector<MatrixCase> out;
  for (const auto& c : kCallers) {
    for (Scope s : {Scope::all, Scope::members, Scope::owner}) {
      for (Op op : {Op::read, Op::list, Op::search, Op::update, Op::remove}) out.push_back({c, s, op});
    }
  }
  return out;
}

// A 404 problem with the record's id replaced, so that the answer for an
// invisible record can be compared with the answer for an absent one.
json normalised_404(const Response& r, long long id) {
  json b = r.body;
  if (b.contains("detail") && b["detail"].is_string()) {
    b["detail"] = std::regex_replace(b["detail"].get<std::string>(), std::regex(std::to_string(id)), "{id}");
  }
  return b;
}

class AccessMatrix : public ApiSuite, public ::testing::WithParamInterface<MatrixCase> {
 protected:
  // Registers a fresh FRA document with the case's scope.
  json register_document() {
    auto r = api().post("/documents", document_body(fresh_number("M"), "FRA", restriction_of(GetParam().scope)),
                        token("fra.officer"));
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.body;
  }

  // What the same request answers for an id that does not exist.
  Response absent_answer(const std::string& method, const std::string& user) {
    Request req{
        method, "/documents/" + std::to_string(kAbsentId), std::nullopt, std::nullopt, "application/json", token(user),
        {}};
    if (method == "PATCH") req.body = json{{"remarks", "changed by the matrix"}};
    return api().send(req);
  }

  void expect_hidden(const Response& r, long long id, const std::string& method, const std::string& user) {
    EXPECT_EQ(r.status, 404) << "an invisible record must answer 404: " << r.describe();
    auto absent = absent_answer(method, user);
    ASSERT_EQ(absent.status, 404) << absent.describe();
    EXPECT_EQ(r.content_type(), absent.content_type());
    EXPECT_EQ(normalised_404(r, id), normalised_404(absent, kAbsentId))
        << "the answer for an invisible record differs from the answer for an absent one, revealing that it exists";
  }

  bool still_exists(long long id) {
    return api().get("/documents/" + std::to_string(id), token("admin")).status == 200;
  }

  static constexpr long long kAbsentId = 987654321;
};

TEST_P(AccessMatrix, Case) {
  const auto& [caller, scope, op] = GetParam();
  const bool partner = caller.label == "UNODC";
  const bool owner = caller.label == "FRA";
  const bool visible = sees(caller.label, scope);
  const std::string& bearer = token(caller.user);
  ASSERT_FALSE(bearer.empty());

  json doc = register_document();
  ASSERT_TRUE(doc.contains("id"));
  const long long id = doc["id"].get<long long>();
  const std::string one = "/documents/" + std::to_string(id);
  const std::string number = doc["number"].get<std::string>();

  switch (op) {
    case Op::read: {
      auto r = api().get(one, bearer);
      if (partner) {
        EXPECT_EQ(r.status, 403) << r.describe();
        EXPECT_EQ(r.problem_type(), "/problems/forbidden");
      } else if (visible) {
        ASSERT_EQ(r.status, 200) << r.describe();
        EXPECT_EQ(r.body["id"], id);
        EXPECT_EQ(r.body["restriction"], restriction_of(scope));
      } else {
        expect_hidden(r, id, "GET", caller.user);
      }
      break;
    }
    case Op::list:
    case Op::search: {
      std::string query = op == Op::search ? "number=" + number : "";
      if (partner) {
        auto r = api().get("/documents" + (query.empty() ? "" : "?" + query), bearer);
        EXPECT_EQ(r.status, 403) << r.describe();
        break;
      }
      auto docs = all_documents(api(), bearer, query);
      std::vector<long long> ids;
      for (const auto& d : docs) ids.push_back(d["id"].get<long long>());
      bool listed = std::find(ids.begin(), ids.end(), id) != ids.end();
      EXPECT_EQ(listed, visible) << (visible ? "a visible record is missing" : "an invisible record is listed");
      if (op == Op::search) {
        EXPECT_EQ(ids, visible ? std::vector<long long>{id} : std::vector<long long>{});
      }
      // Nothing the caller may not see appears in its answer.
      for (const auto& d : docs) {
        json r = d["restriction"];
        Scope s = r["scope"] == "all" ? Scope::all : r["scope"] == "owner" ? Scope::owner : Scope::members;
        bool allowed = d["owner"] == caller.label || caller.label == "IPSG" || s == Scope::all ||
                       (s == Scope::members &&
                        std::find(r["members"].begin(), r["members"].end(), json(caller.label)) != r["members"].end());
        EXPECT_TRUE(allowed) << caller.label << " was shown " << d.dump();
      }
      break;
    }
    case Op::update: {
      auto r = api().patch(one, {{"remarks", "changed by the matrix"}}, bearer);
      if (owner) {
        ASSERT_EQ(r.status, 200) << r.describe();
        EXPECT_EQ(r.body["remarks"], "changed by the matrix");
        EXPECT_EQ(r.body["restriction"], restriction_of(scope));
      } else if (partner) {
        // The partner role may not act: 403, or a 404 that reveals nothing.
        if (r.status == 404) {
          expect_hidden(r, id, "PATCH", caller.user);
        } else {
          EXPECT_EQ(r.status, 403) << r.describe();
        }
      } else if (visible) {
        EXPECT_EQ(r.status, 403) << r.describe();
        EXPECT_EQ(r.problem_type(), "/problems/forbidden");
      } else {
        expect_hidden(r, id, "PATCH", caller.user);
      }
      if (!owner) {
        auto now = api().get(one, token("fra.officer"));
        EXPECT_EQ(now.body["remarks"], doc["remarks"]) << "a refused update changed the record";
        EXPECT_EQ(now.body["updated_at"], doc["updated_at"]);
      }
      break;
    }
    case Op::remove: {
      auto r = api().del(one, bearer);
      if (owner) {
        EXPECT_EQ(r.status, 204) << r.describe();
        EXPECT_FALSE(still_exists(id));
      } else {
        if (partner) {
          if (r.status == 404) {
            expect_hidden(r, id, "DELETE", caller.user);
          } else {
            EXPECT_EQ(r.status, 403) << r.describe();
          }
        } else if (visible) {
          EXPECT_EQ(r.status, 403) << r.describe();
          EXPECT_EQ(r.problem_type(), "/problems/forbidden");
        } else {
          expect_hidden(r, id, "DELETE", caller.user);
        }
        EXPECT_TRUE(still_exists(id)) << "a refused delete removed the record";
      }
      break;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(api, AccessMatrix, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<MatrixCase>& info) {
                           return info.param.caller.label + "_" + name_of(info.param.scope) + "_" +
                                  name_of(info.param.op);
                         });

}  // namespace
}  // namespace ariadne::apitest
