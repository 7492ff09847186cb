#include "graph/edge_list.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "common/ascii.hpp"
#include "common/csv.hpp"

namespace ariadne::graph {

namespace {

constexpr std::size_t kMaxRowBytes = 64 * 1024;

}  // namespace

Result<EdgeList> read_edge_list(std::istream& in, const std::function<void(const LineError&)>& on_error) {
  CsvReader reader(in, kMaxRowBytes);
  CsvRecord header;
  if (!reader.next(header) || header.blank()) return Error::invalid("edges", "the file is empty: no header row");
  if (!header.error.empty()) return Error::invalid("header", header.error);
  constexpr auto kAbsent = static_cast<std::size_t>(-1);
  std::size_t source = kAbsent, target = kAbsent, weight = kAbsent;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const auto name = ascii_lower(header.fields[i]);
    if (name == "source") source = i;
    if (name == "target") target = i;
    if (name == "weight") weight = i;
  }
  std::vector<FieldError> absent;
  if (source == kAbsent) absent.push_back({"source", "the header names no source column"});
  if (target == kAbsent) absent.push_back({"target", "the header names no target column"});
  if (!absent.empty()) return Error::invalid_fields(std::move(absent));

  EdgeList out;
  out.weighted = weight != kAbsent;
  std::unordered_map<std::string, Node> ids;
  auto node = [&](const std::string& name) {
    const auto [it, fresh] = ids.try_emplace(name, static_cast<Node>(out.names.size()));
    if (fresh) out.names.push_back(name);
    return it->second;
  };
  std::size_t errors = 0;
  auto fail = [&](std::size_t line, std::string field, std::string reason) {
    ++errors;
    on_error({line, std::move(field), std::move(reason)});
  };
  CsvRecord row;
  while (reader.next(row)) {
    if (row.blank()) continue;
    if (!row.error.empty()) {
      fail(row.line, "", row.error);
      continue;
    }
    auto cell = [&](std::size_t i) { return i < row.fields.size() ? row.fields[i] : std::string(); };
    const auto a = cell(source), b = cell(target);
    if (a.empty()) fail(row.line, "source", "is empty");
    if (b.empty()) fail(row.line, "target", "is empty");
    double w = 1;
    if (weight != kAbsent) {
      const auto text = cell(weight);
      char* end = nullptr;
      errno = 0;
      w = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || errno != 0 || !std::isfinite(w) || w <= 0) {
        fail(row.line, "weight", "must be a positive number, not '" + text + "'");
        continue;
      }
    }
    if (a.empty() || b.empty()) continue;
    out.edges.push_back({node(a), node(b), w});
  }
  if (in.bad()) return Error::invalid("edges", "the input could not be read");
  if (errors > 0) {
    return Error::invalid("edges", std::to_string(errors) + (errors == 1 ? " row is" : " rows are") + " no edge");
  }
  if (out.edges.empty()) return Error::invalid("edges", "the file holds a header and no edge");
  return out;
}

}  // namespace ariadne::graph
