#include "store/fault_injection.hpp"

namespace ariadne::store {

Result<std::int64_t> FaultInjectingDatabase::execute(std::string_view sql, const Params& params) {
  ++writes_;
  if (countdown_ > 0 && --countdown_ == 0) {
    return Error{ErrorCode::unavailable, "injected write failure", {}};
  }
  return inner_.execute(sql, params);
}

Result<std::vector<std::int64_t>> FaultInjectingDatabase::insert_rows(std::string_view sql, std::size_t columns,
                                                                      const std::vector<TextParam>& params) {
  ++writes_;
  if (countdown_ > 0 && --countdown_ == 0) {
    return Error{ErrorCode::unavailable, "injected write failure", {}};
  }
  return inner_.insert_rows(sql, columns, params);
}

}  // namespace ariadne::store
