// Reference solver: LEMON's MaxWeightedMatching on an `a,b,weight` edge file.
// Prints one JSON line: total weight, matching size and solve time in seconds
// (graph construction plus the run, not file parsing), and the two parts.
// --list uses ListGraph instead of the (faster) SmartGraph.
// Build: g++ -O2 -std=c++17 lemon_mwm.cpp -o lemon_mwm
#include <lemon/list_graph.h>
#include <lemon/matching.h>
#include <lemon/smart_graph.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

struct EdgeList {
  int n = 0;
  std::vector<int> a, b;
  std::vector<long long> w;
};

template <typename Graph>
int solve(const EdgeList& in, const char* name) {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  Graph g;
  std::vector<typename Graph::Node> nodes(in.n);
  for (int i = 0; i < in.n; ++i) nodes[i] = g.addNode();
  typename Graph::template EdgeMap<long long> weight(g);
  for (size_t i = 0; i < in.a.size(); ++i) {
    weight[g.addEdge(nodes[in.a[i]], nodes[in.b[i]])] = in.w[i];
  }
  auto t1 = Clock::now();
  lemon::MaxWeightedMatching<Graph, typename Graph::template EdgeMap<long long>> mwm(g, weight);
  mwm.run();
  auto t2 = Clock::now();

  double build = std::chrono::duration<double>(t1 - t0).count();
  double run = std::chrono::duration<double>(t2 - t1).count();
  std::printf(
      "{\"solver\":\"%s\",\"vertices\":%d,\"edges\":%zu,\"total_weight\":%lld,"
      "\"size\":%d,\"solve_s\":%.6f,\"build_s\":%.6f,\"run_s\":%.6f}\n",
      name, in.n, in.a.size(), static_cast<long long>(mwm.matchingWeight()), mwm.matchingSize(),
      build + run, build, run);
  return 0;
}

int main(int argc, char** argv) {
  const char* path = nullptr;
  bool list = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--list") == 0) {
      list = true;
    } else {
      path = argv[i];
    }
  }
  if (!path) {
    std::fprintf(stderr, "usage: %s EDGEFILE [--list]\n", argv[0]);
    return 2;
  }
  std::FILE* f = std::fopen(path, "r");
  if (!f) {
    std::perror(path);
    return 2;
  }
  EdgeList in;
  int a, b;
  long long w;
  while (std::fscanf(f, "%d,%d,%lld", &a, &b, &w) == 3) {
    in.a.push_back(a);
    in.b.push_back(b);
    in.w.push_back(w);
    if (a + 1 > in.n) in.n = a + 1;
    if (b + 1 > in.n) in.n = b + 1;
  }
  std::fclose(f);
  return list ? solve<lemon::ListGraph>(in, "lemon-list") : solve<lemon::SmartGraph>(in, "lemon");
}
