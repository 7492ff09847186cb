// Routes and trends of the analysis file: the border crossings members
// reported (events `border_crossing` and `death_in_transit`, with their
// countries, mode, crossing point and the people on them) become each
// person's journey, the corridors those journeys follow, and monthly counts
// with an early warning when a count rises beyond what its history explains.
//
// Both sides of a border report the same crossing: crossings on the same
// day, between the same countries, that share a person (as resolved) are one
// crossing. Everything is answered over what the caller may see (the link
// graph's view), and nothing else.
//
// Thread-safety: as LinkGraph's.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/link_graph.hpp"
#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::analysis {

// What a routes or trends request keeps.
struct RouteFilter {
  std::string from;                    // crossings dated before (ISO date) are left out; empty: no bound
  std::string to;                      // crossings dated after are left out
  std::string country;                 // only crossings out of, into or in this country
  std::vector<std::string> countries;  // or any of these (a region)
  std::int64_t network = 0;            // only crossings of this entity's network (a person, phone, … of it)
  std::int64_t person = 0;             // only this person's crossings
};

struct CrossingPoint {
  std::int64_t entity = 0;  // a place entity
  std::string name;
  std::size_t crossings = 0;
  std::size_t people = 0;
};

// A border between two countries, as the crossings over it show it.
struct Leg {
  std::string from;
  std::string to;
  std::size_t crossings = 0;
  std::size_t people = 0;                      // moved across: the larger of a crossing's count and its people
  std::size_t deaths = 0;                      // in transit on it
  std::map<std::string, std::size_t> modes;    // crossings by mode
  std::vector<CrossingPoint> crossing_points;  // most used first
  std::string first;                           // dates of its first and last crossings
  std::string last;
  std::vector<std::string> members;  // whose contributions it rests on
};

// A sequence of countries the people moved travelled, in order.
struct Corridor {
  std::vector<std::string> route;  // alpha-3 codes in travel order
  std::size_t people = 0;          // moved along it (migrants, victims, people of no crew role)
  std::size_t networks = 0;        // the networks those people belong to
  std::size_t deaths = 0;          // of its people, in transit
  std::string first;
  std::string last;
  // Days from a journey's first crossing to its last, over its people who
  // crossed two borders or more; none when no one has.
  std::optional<int> min_days, median_days, max_days;
  std::vector<Leg> legs;             // in route order, from its people's crossings
  std::vector<std::string> members;  // whose contributions it rests on
};

// One crossing as a journey lists it.
struct JourneyStep {
  std::string date;
  std::string from;
  std::string to;
  std::string mode;
  bool died = false;                        // the person died in transit on it
  std::int64_t place = 0;                   // the crossing point's entity, 0 when none was said
  std::vector<std::int64_t> contributions;  // that reported it
};

struct Journey {
  std::int64_t person = 0;
  std::string label;
  std::vector<std::string> route;
  std::vector<JourneyStep> steps;  // in date order
};

// A place on the map: a crossing point, or (for a network or a person) a
// city, safe house or other place its people are linked to.
struct MapPlace {
  std::int64_t entity = 0;
  std::string name;
  std::string type;                           // its place_type as first said
  std::string country;                        // alpha-3
  std::optional<double> latitude, longitude;  // as a member gave them
};
// A country on the map: a reference point (its first time zone's principal
// city, from the system's tz database) for places without coordinates.
struct MapCountry {
  std::string code;
  std::optional<double> latitude, longitude;
};

struct RouteAnswer {
  std::vector<Corridor> corridors;  // most people first
  std::vector<Leg> legs;            // most people first
  std::vector<Journey> journeys;    // with a network or a person: each person's, at most kMaxJourneys
  std::vector<MapPlace> places;
  std::vector<MapCountry> countries;
  bool journeys_truncated = false;
};

inline constexpr std::size_t kMaxJourneys = 1000;

// What trends are counted by (see TrendAnswer::measure).
enum class TrendBy { month, route, crossing_point, nationality, crime_type, exploitation };
std::optional<TrendBy> parse_trend_by(std::string_view s);
std::string_view to_string(TrendBy by);

// A month whose count is beyond what its history explains.
struct TrendAlert {
  std::string month;
  std::size_t observed = 0;
  double expected = 0;  // the baseline
  double p_value = 0;   // P(X ≥ observed) for X Poisson with mean max(expected, 0.5)
  std::string
      baseline;  // "seasonal" (the same months ±1 of the two years before) or "trailing" (up to 12 months before)
  std::size_t history = 0;  // months the baseline rests on
};

struct TrendSeries {
  std::string key;                  // the value counted by: a leg "LBY-ITA", a nationality, …; "all" by month
  std::vector<std::size_t> counts;  // per month of the answer's months
  std::size_t total = 0;
  std::vector<std::string> members;  // whose contributions it rests on
  std::vector<TrendAlert> alerts;
};

struct TrendTest {
  double alpha = 0.001;          // a month is flagged when its p-value is below
  std::size_t min_observed = 5;  // and its count at least this
  std::size_t min_history = 6;   // months of history a baseline needs
};

struct TrendAnswer {
  TrendBy by = TrendBy::month;
  std::string measure;              // what is counted
  std::vector<std::string> months;  // YYYY-MM, each month from the first to the last
  std::vector<TrendSeries> series;  // largest total first
  TrendTest test;
  // Asked without `from` over more than kMaxTrendMonths: the months shown
  // start here, and `earlier` counts what came before them.
  std::string earlier_from;
  std::size_t earlier = 0;
};

inline constexpr std::size_t kMaxTrendMonths = 600;

nlohmann::json to_json(const RouteAnswer& a);
nlohmann::json to_json(const TrendAnswer& a);

// The corridors, legs and map of the crossings the caller sees and the
// filter keeps; with `network` or `person`, the journeys too.
Result<RouteAnswer> routes(LinkGraph& graph, store::Database& db, const policy::Caller& caller,
                           const RouteFilter& filter);

// Monthly counts by `by`, each series tested month by month against its
// history (the test's parameters are the answer's).
Result<TrendAnswer> trends(LinkGraph& graph, store::Database& db, const policy::Caller& caller, TrendBy by,
                           const RouteFilter& filter, const TrendTest& test = {});

// P(X ≥ k) for X Poisson with mean `lambda`.
double poisson_upper_tail(std::size_t k, double lambda);

}  // namespace ariadne::analysis
