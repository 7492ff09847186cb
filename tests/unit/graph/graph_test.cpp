// Graphs: building (repeats merged, self-loops counted), edge lists, and
// every measure on small graphs whose answers are worked out by hand.
// tests/graph/compare_networkx.py compares the measures with networkx on
// public covert networks.
#include "graph/graph.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <sstream>

#include "graph/edge_list.hpp"

namespace ariadne::graph {
namespace {

Graph make(std::size_t n, std::vector<Edge> edges) {
  auto g = Graph::build(n, edges);
  EXPECT_TRUE(g) << g.error().message;
  return std::move(g).value();
}

TEST(Graph, RepeatedEdgesAreMergedWithTheirWeightsSummedAndSelfLoopsLeftOut) {
  BuildReport r;
  auto g = Graph::build(3, {{0, 1, 2}, {1, 0, 3}, {1, 1, 1}, {1, 2, 1}}, &r);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->nodes(), 3U);
  EXPECT_EQ(g->edges(), 2U);
  EXPECT_EQ(r.edges_given, 4U);
  EXPECT_EQ(r.duplicates, 1U);
  EXPECT_EQ(r.self_loops, 1U);
  EXPECT_DOUBLE_EQ(g->edge_list()[0].weight, 5);
  EXPECT_EQ(*degree(*g, true), (std::vector<double>{5, 6, 1}));
  EXPECT_EQ(*degree(*g), (std::vector<double>{1, 2, 1}));
}

TEST(Graph, EdgesOutsideTheNodesOrWithoutAPositiveWeightAreRefused) {
  auto outside = Graph::build(2, {{0, 2, 1}});
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().fields.at(0).field, "edges[0]");
  for (double w : {0.0, -1.0, std::nan(""), static_cast<double>(INFINITY)}) {
    auto bad = Graph::build(2, {{0, 1, 1}, {0, 1, w}});
    ASSERT_FALSE(bad) << w;
    EXPECT_EQ(bad.error().fields.at(0).field, "edges[1].weight");
  }
  auto empty = Graph::build(0, {});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(components(*empty)->of.empty());
}

TEST(Graph, ComponentsAreNumberedByTheirFirstNode) {
  const auto g = make(6, {{3, 4}, {0, 5}, {1, 3}});
  const auto c = components(g).value();
  EXPECT_EQ(c.of, (std::vector<std::uint32_t>{0, 1, 2, 1, 1, 0}));
  EXPECT_EQ(c.sizes, (std::vector<std::uint32_t>{2, 3, 1}));
}

TEST(Graph, CentralitiesOfAPathAreThoseWorkedOutByHand) {
  // 0 - 1 - 2, and 3 alone.
  const auto g = make(4, {{0, 1}, {1, 2}});
  // Betweenness: node 1 lies on the one path between 0 and 2, of the (n-1)(n-2)/2 = 3 pairs.
  const auto b = betweenness(g).value();
  EXPECT_NEAR(b[1], 1.0 / 3.0, 1e-12);
  EXPECT_EQ(b[0], 0);
  // Closeness (Wasserman-Faust): node 1 reaches 2 at distance 1 each: (2/2)·(2/3).
  const auto c = closeness(g).value();
  EXPECT_NEAR(c[1], 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(c[0], (2.0 / 3.0) * (2.0 / 3.0), 1e-12);
  EXPECT_EQ(c[3], 0) << "a node that reaches none";
  EXPECT_EQ(coreness(g).value(), (std::vector<std::uint32_t>{1, 1, 1, 0}));
  // PageRank sums to one; the isolated node still gets the jumps' share.
  const auto pr = pagerank(g).value();
  EXPECT_NEAR(std::accumulate(pr.begin(), pr.end(), 0.0), 1.0, 1e-12);
  EXPECT_GT(pr[1], pr[0]);
  EXPECT_GT(pr[3], 0);
  EXPECT_FALSE(pagerank(g, false, 1.0));
}

TEST(Graph, EigenvectorCentralityOfAStarHasUnitNorm) {
  const auto g = make(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}});
  const auto e = eigenvector(g).value();
  // λ = 2: the hub is twice a leaf; x² + 4y² = 1.
  EXPECT_NEAR(e[0], 1 / std::sqrt(2.0), 1e-9);
  for (int i = 1; i < 5; ++i) EXPECT_NEAR(e[i], 1 / std::sqrt(8.0), 1e-9);
  // On a cycle every node is alike.
  const auto cycle = pagerank(make(4, {{0, 1}, {1, 2}, {2, 3}, {3, 0}})).value();
  for (const auto v : cycle) EXPECT_NEAR(v, 0.25, 1e-12);
}

TEST(Graph, TwoTrianglesJoinedByAnEdgeAreTwoCommunitiesByEitherMethod) {
  const auto g = make(6, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}, {2, 3}});
  for (auto method : {CommunityMethod::leiden, CommunityMethod::louvain}) {
    const auto c = communities(g, method).value();
    EXPECT_EQ(c.count, 2U);
    EXPECT_EQ(c.of, (std::vector<std::uint32_t>{0, 0, 0, 1, 1, 1}));
    // Q = Σ l_c/m − (d_c/2m)² = 2·(3/7 − (7/14)²).
    EXPECT_NEAR(c.modularity, 2 * (3.0 / 7 - 0.25), 1e-12);
  }
  EXPECT_NEAR(modularity(g, {0, 0, 0, 0, 0, 0}).value(), 0, 1e-12);
  EXPECT_FALSE(modularity(g, {0, 1}));
  EXPECT_FALSE(communities(g, CommunityMethod::leiden, false, 0));
  EXPECT_FALSE(communities(make(2, {{0, 0}}), CommunityMethod::leiden)) << "only a self-loop: no edge, no modularity";
  // The same seed, the same answer.
  EXPECT_EQ(communities(g, CommunityMethod::leiden, false, 1, 7)->of,
            communities(g, CommunityMethod::leiden, false, 1, 7)->of);
}

TEST(Graph, ShortestPathsAreAllOfThemWithinTheHopsAndTheLimit) {
  // A square 0-1-2-3-0 and a tail 2-4; 5 alone.
  const auto g = make(6, {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {2, 4}});
  using P = std::vector<std::vector<Node>>;
  EXPECT_EQ(shortest_paths(g, 0, 2, 6, 100).value(), (P{{0, 1, 2}, {0, 3, 2}}));
  EXPECT_EQ(shortest_paths(g, 0, 4, 6, 100).value(), (P{{0, 1, 2, 4}, {0, 3, 2, 4}}));
  EXPECT_EQ(shortest_paths(g, 0, 4, 6, 1).value().size(), 1U);
  EXPECT_TRUE(shortest_paths(g, 0, 4, 2, 100).value().empty()) << "three hops away";
  EXPECT_TRUE(shortest_paths(g, 0, 5, 6, 100).value().empty()) << "not connected: no path, no error";
  EXPECT_EQ(shortest_paths(g, 1, 1, 6, 100).value(), (P{{1}}));
  EXPECT_EQ(shortest_paths(g, 0, 9, 6, 100).error().code, ErrorCode::not_found);
}

TEST(EdgeList, NodesAreNamedAsReadAndEveryBadRowIsNamed) {
  std::istringstream good("\xEF\xBB\xBFSource,Target,Weight\n\"Atta, Mohamed\",Jarrah,5\nJarrah,Hanjour,1\n\n");
  std::vector<LineError> errors;
  auto list = read_edge_list(good, [&](const LineError& e) { errors.push_back(e); });
  ASSERT_TRUE(list) << list.error().message;
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(list->names, (std::vector<std::string>{"Atta, Mohamed", "Jarrah", "Hanjour"}));
  ASSERT_EQ(list->edges.size(), 2U);
  EXPECT_EQ(list->edges[1].a, 1U);
  EXPECT_DOUBLE_EQ(list->edges[0].weight, 5);
  EXPECT_TRUE(list->weighted);

  std::istringstream bad("source,target,weight\na,b,1\na,,2\nc,d,heavy\ne,f,-1\n\"g,h,1\n");
  errors.clear();
  auto refused = read_edge_list(bad, [&](const LineError& e) { errors.push_back(e); });
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("rows are no edge"), std::string::npos) << refused.error().message;
  ASSERT_EQ(errors.size(), 4U);
  EXPECT_EQ(errors[0].line, 3U);
  EXPECT_EQ(errors[0].field, "target");
  EXPECT_EQ(errors[1].field, "weight");
  EXPECT_EQ(errors[2].line, 5U);
  EXPECT_EQ(errors[3].line, 6U) << "a quote never closed";

  std::istringstream headless("a,b\nb,c\n");
  auto no_columns = read_edge_list(headless, [](const LineError&) {});
  ASSERT_FALSE(no_columns);
  ASSERT_EQ(no_columns.error().fields.size(), 2U) << "both columns named";
  std::istringstream empty("");
  EXPECT_FALSE(read_edge_list(empty, [](const LineError&) {}));
  std::istringstream header_only("source,target\n\n");
  auto nothing = read_edge_list(header_only, [](const LineError&) {});
  ASSERT_FALSE(nothing);
  EXPECT_NE(nothing.error().message.find("no edge"), std::string::npos);
}

}  // namespace
}  // namespace ariadne::graph
