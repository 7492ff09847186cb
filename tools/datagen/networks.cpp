// Smuggling and trafficking networks: their people (crew and the people they
// move or exploit), what they use (phones, accounts, vehicles, boats,
// documents, places) and what they do, as dated events on their corridors.
// Written to truth/networks.jsonl; contributions.cpp turns them into what
// each member saw, notices.cpp into notices and diffusions.
#include "datagen/world_internal.hpp"

namespace ariadne::datagen::internal {

namespace {

// Cities of each country, the first the largest: places of recruitment,
// safe houses, exploitation and notices.
constexpr std::pair<std::string_view, std::string_view> kCities[] = {
    {"NGA", "Lagos,Benin City,Kano,Abuja"},
    {"GHA", "Accra,Kumasi,Tamale"},
    {"SEN", "Dakar,Saint-Louis,Tambacounda"},
    {"GIN", "Conakry,Kankan,Labé"},
    {"MLI", "Bamako,Gao,Kayes"},
    {"CIV", "Abidjan,Bouaké,Daloa"},
    {"NER", "Niamey,Agadez,Zinder"},
    {"LBY", "Tripoli,Zuwara,Sabratha,Sebha,Kufra,Benghazi"},
    {"TUN", "Tunis,Sfax,Mahdia"},
    {"ITA", "Rome,Milan,Naples,Palermo,Agrigento,Turin"},
    {"MLT", "Valletta,Birżebbuġa,Ħal Far"},
    {"SYR", "Aleppo,Damascus,Idlib"},
    {"AFG", "Kabul,Herat,Mazar-i-Sharif"},
    {"IRQ", "Erbil,Baghdad,Mosul,Duhok"},
    {"TUR", "Istanbul,İzmir,Ankara,Van,Edirne,Bodrum"},
    {"GRC", "Athens,Thessaloniki,Mytilene,Alexandroupoli"},
    {"MKD", "Skopje,Gevgelija,Kumanovo"},
    {"SRB", "Belgrade,Subotica,Preševo"},
    {"HUN", "Budapest,Szeged,Győr"},
    {"AUT", "Vienna,Graz,Linz"},
    {"DEU", "Berlin,Hamburg,Munich,Frankfurt am Main,Passau"},
    {"ERI", "Asmara,Keren,Tesseney"},
    {"ETH", "Addis Ababa,Gondar,Dire Dawa"},
    {"SOM", "Mogadishu,Bosaso,Hargeisa"},
    {"SDN", "Khartoum,Kassala,Gedaref"},
    {"YEM", "Aden,Sana'a,Saada"},
    {"SAU", "Riyadh,Jeddah,Jazan"},
    {"VEN", "Caracas,Maracaibo,San Cristóbal"},
    {"HTI", "Port-au-Prince,Cap-Haïtien,Les Cayes"},
    {"ECU", "Quito,Guayaquil,Tulcán"},
    {"COL", "Bogotá,Cúcuta,Necoclí,Medellín"},
    {"PAN", "Panama City,Metetí,David"},
    {"GTM", "Guatemala City,Tecún Umán,Quetzaltenango"},
    {"MEX", "Mexico City,Tapachula,Ciudad Juárez,Monterrey,Tijuana"},
    {"USA", "Houston,Los Angeles,New York,Phoenix,El Paso"},
    {"MMR", "Yangon,Mandalay,Myawaddy"},
    {"BGD", "Dhaka,Chittagong,Cox's Bazar"},
    {"THA", "Bangkok,Mae Sot,Hat Yai,Songkhla"},
    {"MYS", "Kuala Lumpur,Penang,Johor Bahru"},
    {"VNM", "Hanoi,Nghệ An,Hải Phòng"},
    {"RUS", "Moscow,Saint Petersburg,Kaliningrad"},
    {"CHN", "Beijing,Guangzhou,Kunming"},
    {"FRA", "Paris,Calais,Dunkirk,Marseille,Lyon"},
    {"GBR", "London,Birmingham,Manchester,Glasgow"},
};

// Vehicle registration plates, as fill_layout draws them.
constexpr std::pair<std::string_view, std::string_view> kPlates[] = {
    {"NGA", "@@@ ###@@"}, {"GHA", "@@ ####-##"}, {"SEN", "@@-####-@"}, {"GIN", "RC-####-@"},   {"MLI", "@@-####"},
    {"CIV", "####@@##"},  {"NER", "#@####"},     {"LBY", "#-######"},  {"TUN", "### TU ####"}, {"ITA", "@@###@@"},
    {"MLT", "@@@ ###"},   {"SYR", "######"},     {"AFG", "##-#####"},  {"IRQ", "##### @"},     {"TUR", "## @@ ####"},
    {"GRC", "@@@-####"},  {"MKD", "SK-####-@@"}, {"SRB", "BG-###-@@"}, {"HUN", "@@@-###"},     {"AUT", "W-#####@"},
    {"DEU", "B-@@ ####"}, {"ERI", "##-####"},    {"ETH", "#-@#####"},  {"SOM", "@@ ####"},     {"SDN", "@@ ####"},
    {"YEM", "##-#####"},  {"SAU", "#### @@@"},   {"VEN", "@@#@##@"},   {"HTI", "@@-#####"},    {"ECU", "@@@-####"},
    {"COL", "@@@###"},    {"PAN", "@@####"},     {"GTM", "P-###@@@"},  {"MEX", "@@@-###-@"},   {"USA", "#@@@###"},
    {"MMR", "#@-####"},   {"BGD", "##-####"},    {"THA", "#@@ ####"},  {"MYS", "@@@ ####"},    {"VNM", "##@-###.##"},
    {"RUS", "@###@@##"},  {"CHN", "@·@####"},    {"FRA", "@@-###-@@"}, {"GBR", "@@## @@@"},
};

// Border crossings of the corridors, with the places they use; a pair not
// listed is a land crossing at "<from>–<to> border".
struct Crossing {
  std::string_view from, to, mode, places;  // places separated by ';'
};
constexpr Crossing kCrossings[] = {
    {"NGA", "NER", "land", "Kano–Zinder road;Jibia–Maradi"},
    {"GHA", "NER", "land", "Niamey bus station"},
    {"SEN", "NER", "land", "Niamey bus station"},
    {"GIN", "NER", "land", "Niamey bus station"},
    {"MLI", "NER", "land", "Gao–Niamey road;Labbezanga"},
    {"CIV", "NER", "land", "Niamey bus station"},
    {"NER", "LBY", "desert", "Agadez–Sebha desert track;Madama;Toummo"},
    {"NER", "TUN", "desert", "Agadez–Djanet desert track (via Algeria)"},
    {"LBY", "ITA", "sea", "Zuwara–Lampedusa;Sabratha–Lampedusa;Tobruk–Calabria"},
    {"LBY", "MLT", "sea", "Zuwara–Malta search and rescue zone"},
    {"TUN", "ITA", "sea", "Sfax–Lampedusa;Mahdia–Lampedusa"},
    {"TUN", "MLT", "sea", "Sfax–Malta search and rescue zone"},
    {"ITA", "FRA", "land", "Ventimiglia–Menton;Bardonecchia–Col de l'Échelle"},
    {"ITA", "DEU", "land", "Brenner Pass"},
    {"MLT", "FRA", "air", "Malta International Airport"},
    {"MLT", "DEU", "air", "Malta International Airport"},
    {"SYR", "TUR", "land", "Bab al-Hawa–Cilvegözü;Idlib–Hatay mountain paths"},
    {"AFG", "TUR", "land", "Iran–Türkiye border near Van (via Iran)"},
    {"IRQ", "TUR", "land", "Ibrahim Khalil–Habur"},
    {"TUR", "GRC", "sea", "Ayvalık–Lesbos;Çeşme–Chios;Bodrum–Kos"},
    {"GRC", "MKD", "land", "Idomeni–Gevgelija"},
    {"MKD", "SRB", "land", "Tabanovce–Preševo"},
    {"SRB", "HUN", "land", "Horgoš–Röszke;Kelebija–Tompa"},
    {"HUN", "AUT", "land", "Hegyeshalom–Nickelsdorf"},
    {"AUT", "DEU", "land", "Salzburg–Freilassing;Schärding–Passau"},
    {"ERI", "SDN", "land", "Tesseney–Kassala"},
    {"ETH", "SDN", "land", "Metema–Gallabat"},
    {"SOM", "SDN", "land", "Metema–Gallabat (via Ethiopia)"},
    {"SDN", "LBY", "desert", "Kufra desert track;Al Uwaynat"},
    {"ETH", "YEM", "sea", "Obock–Bab el-Mandeb"},
    {"SOM", "YEM", "sea", "Bosaso–Shabwa coast"},
    {"YEM", "SAU", "land", "Al Raqw–Jazan mountain paths;Saada–Jazan"},
    {"VEN", "COL", "land", "Simón Bolívar bridge, Cúcuta;Paraguachón"},
    {"HTI", "COL", "air", "Bogotá El Dorado airport"},
    {"ECU", "COL", "land", "Rumichaca bridge, Ipiales"},
    {"COL", "PAN", "jungle", "Necoclí–Darién Gap;Capurganá–Darién Gap"},
    {"PAN", "GTM", "land", "Paso Canoas (via Central America)"},
    {"GTM", "MEX", "land", "Tecún Umán–Ciudad Hidalgo;Suchiate river"},
    {"MEX", "USA", "desert", "Sonoran desert near Sasabe;Ciudad Juárez–El Paso;Rio Grande near Eagle Pass"},
    {"MMR", "THA", "land", "Myawaddy–Mae Sot"},
    {"BGD", "THA", "sea", "Cox's Bazar–Andaman Sea"},
    {"THA", "MYS", "land", "Sadao–Bukit Kayu Hitam;Padang Besar"},
    {"VNM", "RUS", "air", "Hanoi Noi Bai–Moscow Sheremetyevo"},
    {"VNM", "CHN", "land", "Lào Cai–Hekou;Móng Cái–Dongxing"},
    {"RUS", "DEU", "land", "Belarus–Poland green border"},
    {"RUS", "FRA", "air", "Moscow Sheremetyevo–Paris Charles de Gaulle"},
    {"CHN", "DEU", "air", "Beijing Capital–Frankfurt airport"},
    {"CHN", "FRA", "air", "Beijing Capital–Paris Charles de Gaulle"},
    {"DEU", "GBR", "land", "Coquelles Channel Tunnel lorry terminal"},
    {"FRA", "GBR", "sea", "Gravelines–Dover small boats;Calais port lorries"},
};

constexpr std::string_view kBoatNames[] = {"Al-Amal",         "Nour",   "Al-Salam", "Baraka", "Hope",
                                           "Star of the Sea", "Sirène", "Aziz",     "Fatima", "Al-Rahma"};
constexpr std::pair<std::string_view, std::string_view> kVehicles[] = {
    {"van", "Ford Transit"},      {"van", "Mercedes-Benz Sprinter"}, {"van", "Fiat Ducato"},
    {"lorry", "Volvo FH"},        {"lorry", "Scania R450"},          {"car", "Toyota Corolla"},
    {"car", "Volkswagen Passat"}, {"minibus", "Toyota HiAce"},
};

const Crossing* find_crossing(std::string_view from, std::string_view to) {
  for (const auto& c : kCrossings) {
    if (c.from == from && c.to == to) return &c;
  }
  return nullptr;
}

std::string_view mode_of(const Country* from, const Country* to) {
  const auto* c = find_crossing(from->code, to->code);
  return c ? c->mode : std::string_view("land");
}

std::string_view lookup(std::span<const std::pair<std::string_view, std::string_view>> table, std::string_view code) {
  for (const auto& [k, v] : table) {
    if (k == code) return v;
  }
  return {};
}

// A JSON array of objects, one per item, each filled by write(object, item).
template <class T, class F>
std::string object_array(const std::vector<T>& items, F&& write) {
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) s += ',';
    JsonObject o(s);
    write(o, items[i]);
    o.end();
  }
  return s + "]";
}

Date clamp(std::int64_t day, const Network& n) {
  return date_from_days(std::min(day, days_from_date(n.end)));
}

}  // namespace

std::string full_name(const NameForm& n, const Culture& c) {
  if (n.family.empty()) return join(n.given);
  bool family_first = (c.order == NameOrder::family_given) != n.swapped;
  return family_first ? join(n.family) + " " + join(n.given) : join(n.given) + " " + join(n.family);
}

std::string city_of(const Country& c, Rng& rng) {
  auto cities = split(lookup(kCities, c.code), ',');
  // The first city is the likeliest.
  return cities[rng.chance(0.5) ? 0 : rng.below(cities.size())];
}

std::size_t World::add_place(Network& n, std::string_view kind, const Country* c, std::string name, Rng& rng) {
  NetAsset a;
  a.kind = "place";
  a.type = std::string(kind);
  a.country = std::string(c->code);
  a.extra = kind == "crossing_point" ? std::string() : city_of(*c, rng);
  a.value = name.empty() ? a.extra : std::move(name);
  n.assets.push_back(std::move(a));
  return n.assets.size() - 1;
}

void World::plan_network(Network& n, Rng& rng) {
  const auto all_corridors = corridors();
  n.trafficking = rng.chance(0.4);
  n.corridors.push_back(&all_corridors[rng.below(all_corridors.size())]);
  if (rng.chance(0.2)) {
    const Corridor* other = &all_corridors[rng.below(all_corridors.size())];
    if (other != n.corridors.front()) n.corridors.push_back(other);
  }
  for (const auto* corridor : n.corridors) {
    auto stages = split(corridor->stages, '|');
    std::size_t first = 0, last = stages.size() - 1;
    if (!n.trafficking) {  // smugglers often run only part of a corridor
      first = rng.below(stages.size() - 1);
      last = first + 1 + rng.below(stages.size() - 1 - first);
    }
    std::vector<const Country*> route;
    for (std::size_t s = first; s <= last; ++s) {
      auto options = split(stages[s], ',');
      route.push_back(find_country(options[rng.below(options.size())]));
    }
    n.routes.push_back(std::move(route));
  }
  const auto ref = days_from_date(kReferenceDate);
  const std::int64_t start = ref - 90 - static_cast<std::int64_t>(rng.below(1000));
  const std::int64_t months = 3 + static_cast<std::int64_t>(rng.below(22));
  n.start = date_from_days(start);
  n.end = date_from_days(std::min(ref, start + months * 30));
  const std::int64_t span = days_from_date(n.end) - start;
  if (n.trafficking) {
    constexpr std::string_view kForms[] = {"sexual", "labour", "forced_criminality"};
    n.exploitation = std::string(rng.pick(all(kForms)));
  }

  const auto& route = n.routes.front();
  auto origins = split(split(n.corridors.front()->stages, '|').front(), ',');
  auto origin = [&] { return find_country(origins[rng.below(origins.size())]); };
  auto anywhere = [&] { return route[rng.below(route.size())]; };
  auto add = [&](const Country* c, std::string_view role, bool minor = false, char sex = 0) {
    NetPerson np;
    np.person = make_person(rng, c, "", minor, sex);
    np.role = std::string(role);
    np.minor = minor;
    np.fate = (role == "migrant" || role == "victim") ? "arrived" : "active";
    n.people.push_back(std::move(np));
    return n.people.size() - 1;
  };
  auto add_asset = [&](std::string_view kind, std::string_view type, std::string value, const Country* c,
                       std::size_t holder) {
    NetAsset a;
    a.kind = std::string(kind);
    a.type = std::string(type);
    a.value = std::move(value);
    a.country = std::string(c->code);
    a.holder = holder;
    n.assets.push_back(std::move(a));
    return n.assets.size() - 1;
  };
  auto add_phone = [&](std::size_t holder, const Country* c) {
    const auto& p = n.people[holder].person;
    std::string number = c == p.country && !p.phone.empty() ? p.phone : phones_.mobile(c->alpha2, rng);
    if (number.empty()) return kNone;
    for (std::size_t i = 0; i < n.assets.size(); ++i) {
      if (n.assets[i].kind == "phone" && n.assets[i].value == number) return i;
    }
    return add_asset("phone", "mobile", number, c, holder);
  };
  auto add_bank = [&](std::size_t holder, const Country* c) {
    const auto& p = n.people[holder].person;
    std::size_t i = kNone;
    if (!c->iban_bban.empty()) {
      i = add_asset("account", "bank",
                    c == p.country && !p.iban.empty() ? p.iban : make_iban(c->alpha2, c->iban_bban, rng), c, holder);
      n.assets[i].iban = true;
    } else {
      i = add_asset("account", "bank", fill_layout("##########", rng), c, holder);
    }
    n.assets[i].extra = std::string(c->name) + " bank";
    return i;
  };
  auto phone_of = [&](std::size_t person) {
    for (std::size_t i = 0; i < n.assets.size(); ++i) {
      if (n.assets[i].kind == "phone" && n.assets[i].holder == person) return i;
    }
    return kNone;
  };
  auto asset_of = [&](std::size_t person, std::string_view kind) {
    for (std::size_t i = 0; i < n.assets.size(); ++i) {
      if (n.assets[i].kind == kind && n.assets[i].holder == person) return i;
    }
    return kNone;
  };

  // Crew.
  std::vector<std::size_t> organisers, recruiters, handlers, exploiters;
  std::size_t forger = kNone;
  organisers.push_back(add(anywhere(), "organiser"));
  if (!n.trafficking && rng.chance(0.3)) organisers.push_back(add(anywhere(), "organiser"));
  for (int k = 0, m = 1 + static_cast<int>(rng.below(2)); k < m; ++k)
    recruiters.push_back(add(route.front(), "recruiter"));
  if (!n.trafficking || rng.chance(0.5)) {
    for (int k = 0, m = 1 + (rng.chance(0.4) ? 1 : 0); k < m; ++k) {
      handlers.push_back(add(rng.chance(0.5) ? route.front() : origin(), "money_handler"));
    }
  }
  if (!n.trafficking && rng.chance(0.5)) forger = add(anywhere(), "forger");
  if (n.trafficking) {
    for (int k = 0, m = 1 + static_cast<int>(rng.below(2)); k < m; ++k) {
      exploiters.push_back(add(rng.chance(0.6) ? route.back() : route.front(), "exploiter"));
    }
  }
  // One crew member per leg: a driver or transporter on land, a boat captain at sea; none by air.
  struct Leg {
    const Country* from;
    const Country* to;
    std::string_view mode;
    std::size_t crew = kNone, asset = kNone, place = kNone;
  };
  std::vector<Leg> legs;
  for (const auto& r : n.routes) {
    for (std::size_t i = 0; i + 1 < r.size(); ++i) legs.push_back({r[i], r[i + 1], mode_of(r[i], r[i + 1])});
  }
  for (auto& leg : legs) {
    const auto* crossing = find_crossing(leg.from->code, leg.to->code);
    std::string point = crossing ? std::string(rng.pick(std::span<const std::string>(split(crossing->places, ';'))))
                                 : std::string(leg.from->name) + "–" + std::string(leg.to->name) + " border";
    leg.place = add_place(n, "crossing_point", leg.to, point, rng);
    if (leg.mode == "air") continue;
    if (leg.mode == "sea") {
      leg.crew = add(rng.chance(0.6) ? leg.from : origin(), "boat_captain");
      NetAsset boat;
      double t = rng.unit();
      std::string_view type = t < 0.5   ? "rubber_dinghy"
                              : t < 0.8 ? "wooden_boat"
                              : t < 0.9 ? "speedboat"
                                        : "fishing_vessel";
      int length = type == "rubber_dinghy" ? 8 + static_cast<int>(rng.below(5))
                   : type == "speedboat"   ? 7 + static_cast<int>(rng.below(6))
                                           : 10 + static_cast<int>(rng.below(16));
      leg.asset = add_asset("boat", type, type == "rubber_dinghy" ? "" : std::string(rng.pick(all(kBoatNames))),
                            leg.from, leg.crew);
      n.assets[leg.asset].extra = std::to_string(length);
    } else {
      leg.crew = add(leg.from, n.trafficking ? "transporter" : "driver");
      auto plate = fill_layout(lookup(kPlates, leg.from->code), rng);
      const auto& [type, make] = leg.mode == "desert"
                                     ? std::pair<std::string_view, std::string_view>{"pickup", "Toyota Hilux"}
                                     : rng.pick(all(kVehicles));
      leg.asset = add_asset("vehicle", type, plate, leg.from, leg.crew);
      n.assets[leg.asset].extra = std::string(make);
    }
  }
  // Phones for the crew (a second, local one for some), accounts for the money.
  for (std::size_t i = 0; i < n.people.size(); ++i) {
    add_phone(i, n.people[i].person.country);
    if (n.people[i].role != "recruiter" && rng.chance(0.4)) add_phone(i, anywhere());
  }
  for (auto h : handlers) {
    if (rng.chance(0.6)) {
      const Country* c = n.people[h].person.country;
      auto i = add_asset("account", "hawala", "HW-" + fill_layout("######", rng), c, h);
      n.assets[i].extra =
          n.people[h].person.family.empty() ? "Hawala office" : n.people[h].person.family[0]->latin + " hawala office";
      add_place(n, "hawala_office", c, n.assets[i].extra, rng);
    } else {
      add_bank(h, n.people[h].person.country);
    }
  }
  for (auto o : organisers) {
    if (rng.chance(0.7)) add_bank(o, n.people[o].person.country);
  }
  for (auto e : exploiters) add_bank(e, route.back());
  for (std::size_t i = 1; i + 1 < route.size(); ++i) {
    if (rng.chance(0.5)) add_place(n, "safe_house", route[i], "Safe house", rng);
  }
  std::size_t site = kNone;
  if (n.trafficking) {
    constexpr std::string_view kSexual[] = {"apartment used as a brothel", "massage parlour", "night club"};
    constexpr std::string_view kLabour[] = {"farm", "construction site", "nail bar", "car wash", "garment workshop"};
    constexpr std::string_view kCrime[] = {"cannabis farm", "shoplifting gang base", "street begging pitch"};
    auto pool = n.exploitation == "sexual" ? all(kSexual) : n.exploitation == "labour" ? all(kLabour) : all(kCrime);
    site = add_place(n, "exploitation_site", route.back(), std::string(rng.pick(pool)), rng);
    n.assets[site].value += ", " + n.assets[site].extra;
  }
  std::string_view first_mode = legs.empty() ? "land" : legs.front().mode;
  n.concealment = first_mode == "sea" ? "overcrowded boats launched at night, the satellite phone left to a passenger"
                  : first_mode == "desert" ? "pickups crossing the desert at night, off the main tracks"
                  : first_mode == "air"    ? "forged or borrowed documents on scheduled flights"
                                           : "people hidden in the cargo space of vans and lorries";

  // The people moved or exploited.
  std::vector<std::size_t> moved;
  const int groups = n.trafficking ? 1 : 1 + static_cast<int>(rng.below(3));
  const int total = n.trafficking ? 3 + static_cast<int>(rng.below(6)) : 4 + static_cast<int>(rng.below(9));
  for (int k = 0; k < total; ++k) {
    bool minor = rng.chance(n.trafficking ? 0.35 : 0.12);
    char sex = 0;
    if (n.exploitation == "sexual") sex = rng.chance(0.85) ? 'F' : 'M';
    if (n.exploitation == "labour") sex = rng.chance(0.7) ? 'M' : 'F';
    auto i = add(n.trafficking ? route.front() : origin(), n.trafficking ? "victim" : "migrant", minor, sex);
    moved.push_back(i);
    if (n.trafficking && minor) {  // trafficked children are mostly adolescents: 12 to 17
      const auto age = std::int64_t{12} * 365 + 30 + static_cast<std::int64_t>(rng.below(std::uint64_t{5} * 365));
      n.people[i].person.birth = date_from_days(ref - age);
    }
    if (!n.trafficking && !n.people[i].person.phone.empty() && rng.chance(0.6)) {
      add_phone(i, n.people[i].person.country);
    }
    if (n.trafficking && rng.chance(0.6)) {  // the exploiters keep the victim's passport
      const Country* c = n.people[i].person.country;
      add_asset("document", "passport", fill_layout(c->passport_format, rng), c, i);
    }
  }
  if (forger != kNone) {
    for (std::size_t k = 0; k < moved.size(); ++k) {
      if (!rng.chance(0.4)) continue;
      const Country* c = route.back();
      auto d = add_asset("document", "passport", fill_layout(c->passport_format, rng), c, moved[k]);
      n.assets[d].forged = true;
    }
  }

  // Events.
  auto event = [&](std::string_view kind, std::int64_t day, const Country* where) -> NetEvent& {
    NetEvent e;
    e.kind = std::string(kind);
    e.date = clamp(std::max(day, start), n);
    e.country = std::string(where->code);
    n.events.push_back(std::move(e));
    return n.events.back();
  };
  auto call = [&](std::size_t a, std::size_t b, std::int64_t day) {
    auto pa = phone_of(a), pb = phone_of(b);
    if (pa == kNone || pb == kNone || pa == pb) return;
    auto& e = event("call", day, find_country(n.assets[pa].country));
    e.people = {a, b};
    e.assets = {pa, pb};
  };
  const std::size_t city0 = add_place(n, "city", route.front(), "", rng);
  for (int g = 0; g < groups; ++g) {
    std::vector<std::size_t> group;
    for (std::size_t k = static_cast<std::size_t>(g); k < moved.size(); k += static_cast<std::size_t>(groups)) {
      group.push_back(moved[k]);
    }
    std::int64_t day =
        start + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(std::max<std::int64_t>(1, span / 2))));
    for (auto m : group) {
      auto r = recruiters[rng.below(recruiters.size())];
      auto& rec = event("recruitment", day - static_cast<std::int64_t>(rng.below(20)), route.front());
      rec.people = {r, m};
      rec.place = city0;
      call(m, r, day - static_cast<std::int64_t>(rng.below(10)));
      if (!handlers.empty()) {
        auto h = handlers[rng.below(handlers.size())];
        auto acc = asset_of(h, "account");
        auto& pay = event("payment", day - static_cast<std::int64_t>(rng.below(5)), route.front());
        pay.people = {m, h};
        if (acc != kNone) pay.assets = {acc};
        pay.amount = 100 * (10 + static_cast<std::int64_t>(rng.below(70)));
        pay.currency = rng.chance(0.6) ? "USD" : "EUR";
        pay.method =
            acc != kNone && n.assets[acc].type == "hawala" ? "hawala" : (acc != kNone ? "bank_transfer" : "cash");
      }
      for (std::size_t a = 0; a < n.assets.size(); ++a) {
        if (forger != kNone && n.assets[a].kind == "document" && n.assets[a].forged && n.assets[a].holder == m) {
          auto& sup = event("document_supply", day - 2, route.front());
          sup.people = {forger, m};
          sup.assets = {a};
        }
      }
    }
    std::vector<std::size_t> alive = group;
    for (const auto& leg : legs) {
      if (alive.empty()) break;
      day += 2 + static_cast<std::int64_t>(rng.below(15));
      if (leg.crew != kNone) call(organisers[rng.below(organisers.size())], leg.crew, day - 1);
      auto& cross = event("border_crossing", day, leg.to);
      cross.from = std::string(leg.from->code);
      cross.to = std::string(leg.to->code);
      cross.mode = std::string(leg.mode);
      cross.place = leg.place;
      if (leg.crew != kNone) cross.people.push_back(leg.crew);
      cross.people.insert(cross.people.end(), alive.begin(), alive.end());
      if (leg.asset != kNone) cross.assets.push_back(leg.asset);
      cross.count = static_cast<int>(alive.size());
      const double death_risk = leg.mode == "sea" ? 0.15 : (leg.mode == "desert" || leg.mode == "jungle") ? 0.1 : 0.0;
      if (rng.chance(death_risk)) {
        std::size_t dead = 1 + rng.below(std::min<std::size_t>(3, alive.size()));
        auto& d = event("death_in_transit", day, leg.mode == "sea" ? leg.to : leg.from);
        d.from = std::string(leg.from->code);  // not cross: event() may have moved it
        d.to = std::string(leg.to->code);
        d.mode = std::string(leg.mode);
        d.place = leg.place;
        for (std::size_t k = 0; k < dead; ++k) {
          auto m = alive.back();
          alive.pop_back();
          n.people[m].fate = "dead";
          d.people.push_back(m);
        }
        d.count = static_cast<int>(dead);
      }
      if (leg.mode == "sea" && !alive.empty() && rng.chance(0.35)) {
        auto& r = event("rescue", day, leg.to);
        r.by = rng.chance(0.5) ? "SEARESCUE" : std::string(leg.to->code);
        r.place = leg.place;
        r.people = alive;
        r.count = static_cast<int>(alive.size());
        for (auto m : alive) n.people[m].fate = "rescued";
      }
      if (leg.crew != kNone && n.people[leg.crew].fate == "active" && rng.chance(0.12)) {
        auto& a = event("arrest", day, leg.to);
        a.by = std::string(leg.to->code);
        a.people = {leg.crew};
        a.place = leg.place;
        if (leg.asset != kNone) a.assets = {leg.asset};
        n.people[leg.crew].fate = "arrested";
      }
    }
    if (n.trafficking) {
      day += 3 + static_cast<std::int64_t>(rng.below(20));
      for (auto v : alive) {
        n.people[v].fate = "exploited";
        auto& ex = event("exploitation", day, route.back());
        ex.people = {exploiters[rng.below(exploiters.size())], v};
        ex.place = site;
        auto doc = asset_of(v, "document");
        if (doc != kNone) ex.assets = {doc};
      }
      for (int k = 0, m = 2 + static_cast<int>(rng.below(3)); k < m; ++k) {
        day += 10 + static_cast<std::int64_t>(rng.below(40));
        auto e = exploiters[rng.below(exploiters.size())];
        auto o = organisers.front();
        call(e, o, day - 1);
        auto from = asset_of(e, "account"), to = asset_of(o, "account");
        auto& pay = event("payment", day, route.back());
        pay.people = {e, o};
        for (auto a : {from, to}) {
          if (a != kNone) pay.assets.push_back(a);
        }
        pay.amount = 500 * (4 + static_cast<std::int64_t>(rng.below(60)));
        pay.currency = "EUR";
        pay.method = to != kNone ? "bank_transfer" : (handlers.empty() ? "cash" : "hawala");
      }
      if (rng.chance(0.4)) {
        day += 5 + static_cast<std::int64_t>(rng.below(30));
        const std::string by(route.back()->code);
        auto& r = event("rescue", day, route.back());
        r.by = by;
        r.place = site;
        for (auto v : alive) {
          if (rng.chance(0.7)) {
            r.people.push_back(v);
            n.people[v].fate = "rescued";
          }
        }
        r.count = static_cast<int>(r.people.size());
        auto& a = event("arrest", day, route.back());  // r is no longer valid here
        a.by = by;
        a.people = {exploiters.front()};
        a.place = site;
        n.people[exploiters.front()].fate = "arrested";
      }
      for (auto v : alive) {
        if (n.people[v].fate == "exploited" && rng.chance(n.people[v].minor ? 0.5 : 0.2)) n.people[v].fate = "missing";
      }
    }
  }
  std::stable_sort(n.events.begin(), n.events.end(),
                   [](const NetEvent& a, const NetEvent& b) { return a.date < b.date; });
}

void World::plan_networks() {
  Rng rng(opt_.seed, kNetworks);
  networks_.resize(counts_.networks);
  for (auto& n : networks_) plan_network(n, rng);
  // Ids: network people take the last person ids (write_people), assets and events their own series.
  std::uint64_t people = 0;
  for (const auto& n : networks_) people += n.people.size();
  network_people_ = people;  // a few hundred per 30 networks: far below the people of any scale
  std::uint64_t next_person = counts_.people - network_people_;
  std::map<std::string, std::uint64_t> next;
  for (std::size_t k = 0; k < networks_.size(); ++k) {
    auto& n = networks_[k];
    n.id = "NET" + pad_number(k + 1, 5);
    for (auto& np : n.people) np.person.id = "P" + pad_number(++next_person, 7);
    for (auto& a : n.assets) {
      static const std::map<std::string, std::string, std::less<>> kPrefix = {
          {"phone", "PH"}, {"account", "AC"}, {"vehicle", "VH"}, {"boat", "BT"}, {"document", "DC"}, {"place", "PL"}};
      a.id = kPrefix.at(a.kind) + pad_number(++next[a.kind], 7);
    }
    for (auto& e : n.events) e.id = "EV" + pad_number(++next["event"], 8);
  }
}

void World::write_networks() {
  JsonlFile out;
  note(open(out, "truth/networks.jsonl"));
  std::string line;
  // The ids of some of a network's people or assets, as a JSON array.
  auto ids = [](const std::vector<std::size_t>& which, auto&& id_of) {
    std::vector<std::string> out;
    for (auto i : which) out.push_back(id_of(i));
    return kinds_json(out);
  };
  for (const auto& n : networks_) {
    line.clear();
    JsonObject o(line);
    o.str("id", n.id).str("kind", n.trafficking ? "trafficking" : "smuggling");
    if (n.trafficking) o.str("exploitation", n.exploitation);
    std::string corridors = "[", routes = "[";
    for (std::size_t i = 0; i < n.corridors.size(); ++i) {
      if (i) {
        corridors += ',';
        routes += ',';
      }
      append_json_string(corridors, n.corridors[i]->id);
      routes += '[';
      for (std::size_t k = 0; k < n.routes[i].size(); ++k) {
        if (k) routes += ',';
        append_json_string(routes, n.routes[i][k]->code);
      }
      routes += ']';
    }
    o.raw("corridors", corridors + "]").raw("routes", routes + "]");
    o.str("start", n.start.iso()).str("end", n.end.iso()).str("concealment", n.concealment);
    o.raw("people", object_array(n.people, [](JsonObject& p, const NetPerson& np) {
            p.str("person", np.person.id).str("role", np.role).str("fate", np.fate);
            if (!np.notice.empty()) p.str("notice", np.notice);
          }));
    o.raw("assets", object_array(n.assets, [&](JsonObject& p, const NetAsset& a) {
            p.str("id", a.id).str("kind", a.kind).str("type", a.type).str("value", a.value).str("country", a.country);
            if (!a.extra.empty())
              p.str(a.kind == "boat" ? "length_m" : a.kind == "place" ? "city" : "provider", a.extra);
            if (a.holder != kNone) p.str("holder", n.people[a.holder].person.id);
            if (a.kind == "phone") p.boolean("valid", true);
            if (a.kind == "account") p.boolean("iban", a.iban);
            if (a.kind == "document") p.boolean("forged", a.forged);
          }));
    o.raw("events", object_array(n.events, [&](JsonObject& p, const NetEvent& e) {
            p.str("id", e.id).str("kind", e.kind).str("date", e.date.iso()).str("country", e.country);
            if (!e.from.empty()) p.str("from", e.from).str("to", e.to).str("mode", e.mode);
            if (e.place != kNone) p.str("place", n.assets[e.place].id);
            p.raw("people", ids(e.people, [&](std::size_t i) { return n.people[i].person.id; }));
            p.raw("assets", ids(e.assets, [&](std::size_t i) { return n.assets[i].id; }));
            if (e.amount) p.num("amount", e.amount).str("currency", e.currency).str("method", e.method);
            if (e.count) p.num("count", e.count);
            if (!e.by.empty()) p.str("by", e.by);
          }));
    o.end();
    out.write(line);
  }
  note(out.close());
  files_.push_back({"truth/networks.jsonl", out.lines()});
}

}  // namespace ariadne::datagen::internal
