// What a message's reference to a record shows its reader: each module's
// own gate decides, at each read, whether the reader may see the record
// (exchange knows no record kinds; this layer knows them all).
#pragma once

#include "exchange/messages.hpp"
#include "store/database.hpp"

namespace ariadne::analysis {
class People;
}

namespace ariadne::app {

// A label ("FRA passport 15AB12345", "red notice 12", …) when the reader may
// see the record, nullopt when it may not or the record is gone. Reading a
// restricted record this way is audited like any read of it, once per reader
// and record for the life of the returned check (make one per request).
exchange::ReferenceCheck reference_check(store::Database& db, const analysis::People* people = nullptr);

}  // namespace ariadne::app
