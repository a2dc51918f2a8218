// Prometheus text exposition 0.0.4: exact text per family kind, escaping, zero series for
// unlabelled families, scrape-time refresh, contract errors, concurrency, and (when the Debian
// python3-prometheus-client is installed) a parse by the reference Python parser.
#include "ctc/ops/metrics.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ctc::ops {
namespace {

TEST(MetricsRender, CounterWithLabelsSortedByValues) {
  MetricsRegistry registry;
  auto& requests =
      registry.counter("ctc_http_requests_total", "HTTP requests.", {"method", "code"});
  requests.inc({"POST", "201"});
  requests.inc({"GET", "200"}, 2);
  requests.inc({"GET", "200"}, 0.5);
  requests.inc({"GET", "404"});
  requests.inc({"GET", "404"}, -5);  // ignored: counters only go up
  requests.inc({"GET", "500"}, 0);   // creates the series at 0
  EXPECT_EQ(registry.render(),
            "# HELP ctc_http_requests_total HTTP requests.\n"
            "# TYPE ctc_http_requests_total counter\n"
            "ctc_http_requests_total{method=\"GET\",code=\"200\"} 2.5\n"
            "ctc_http_requests_total{method=\"GET\",code=\"404\"} 1\n"
            "ctc_http_requests_total{method=\"GET\",code=\"500\"} 0\n"
            "ctc_http_requests_total{method=\"POST\",code=\"201\"} 1\n");
}

TEST(MetricsRender, GaugeSetAddClearAndSpecialNumbers) {
  MetricsRegistry registry;
  auto& g = registry.gauge("ctc_queue_depth", "Queued scans.", {"kind"});
  g.set({"a"}, 3);
  g.add({"a"}, -4);
  g.add({"b"}, 0.1);
  g.set({"c"}, INFINITY);
  g.set({"d"}, -INFINITY);
  g.set({"e"}, NAN);
  g.set({"f"}, 1e300);
  g.set({"g"}, 123456789012.0);
  EXPECT_EQ(registry.render(),
            "# HELP ctc_queue_depth Queued scans.\n"
            "# TYPE ctc_queue_depth gauge\n"
            "ctc_queue_depth{kind=\"a\"} -1\n"
            "ctc_queue_depth{kind=\"b\"} 0.1\n"
            "ctc_queue_depth{kind=\"c\"} +Inf\n"
            "ctc_queue_depth{kind=\"d\"} -Inf\n"
            "ctc_queue_depth{kind=\"e\"} NaN\n"
            "ctc_queue_depth{kind=\"f\"} 1e+300\n"
            "ctc_queue_depth{kind=\"g\"} 123456789012\n");
  g.clear();
  EXPECT_EQ(registry.render(),
            "# HELP ctc_queue_depth Queued scans.\n# TYPE ctc_queue_depth gauge\n");
}

TEST(MetricsRender, HistogramCumulativeBucketsSumCount) {
  MetricsRegistry registry;
  auto& h = registry.histogram("ctc_scan_seconds", "Scan duration.", {"profile"},
                               {0.5, 1, 2.5, INFINITY});  // trailing +Inf is implicit anyway
  for (double v : {0.25, 0.5, 0.75, 3.0, 100.0}) h.observe({"full"}, v);
  h.observe({"quick"}, 2);
  EXPECT_EQ(registry.render(),
            "# HELP ctc_scan_seconds Scan duration.\n"
            "# TYPE ctc_scan_seconds histogram\n"
            "ctc_scan_seconds_bucket{profile=\"full\",le=\"0.5\"} 2\n"
            "ctc_scan_seconds_bucket{profile=\"full\",le=\"1\"} 3\n"
            "ctc_scan_seconds_bucket{profile=\"full\",le=\"2.5\"} 3\n"
            "ctc_scan_seconds_bucket{profile=\"full\",le=\"+Inf\"} 5\n"
            "ctc_scan_seconds_sum{profile=\"full\"} 104.5\n"
            "ctc_scan_seconds_count{profile=\"full\"} 5\n"
            "ctc_scan_seconds_bucket{profile=\"quick\",le=\"0.5\"} 0\n"
            "ctc_scan_seconds_bucket{profile=\"quick\",le=\"1\"} 0\n"
            "ctc_scan_seconds_bucket{profile=\"quick\",le=\"2.5\"} 1\n"
            "ctc_scan_seconds_bucket{profile=\"quick\",le=\"+Inf\"} 1\n"
            "ctc_scan_seconds_sum{profile=\"quick\"} 2\n"
            "ctc_scan_seconds_count{profile=\"quick\"} 1\n");
}

TEST(MetricsRender, EscapesLabelValuesAndHelp) {
  MetricsRegistry registry;
  auto& c = registry.counter("ctc_x_total", "Back\\slash and\nnewline, \"quotes\" kept.", {"path"});
  c.inc({"a\"b\\c\nd"});
  EXPECT_EQ(registry.render(),
            "# HELP ctc_x_total Back\\\\slash and\\nnewline, \"quotes\" kept.\n"
            "# TYPE ctc_x_total counter\n"
            "ctc_x_total{path=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(MetricsRender, UnlabelledFamiliesRenderZeroBeforeUse) {
  MetricsRegistry registry;
  registry.counter("ctc_c_total", "C.");
  registry.gauge("ctc_g", "G.");
  registry.histogram("ctc_h", "H.", {}, {1});
  registry.counter("ctc_labelled_total", "No series until used.", {"k"});
  EXPECT_EQ(registry.render(),
            "# HELP ctc_c_total C.\n# TYPE ctc_c_total counter\nctc_c_total 0\n"
            "# HELP ctc_g G.\n# TYPE ctc_g gauge\nctc_g 0\n"
            "# HELP ctc_h H.\n# TYPE ctc_h histogram\n"
            "ctc_h_bucket{le=\"1\"} 0\nctc_h_bucket{le=\"+Inf\"} 0\nctc_h_sum 0\nctc_h_count 0\n"
            "# HELP ctc_labelled_total No series until used.\n"
            "# TYPE ctc_labelled_total counter\n");
}

TEST(MetricsRender, OnScrapeRefreshesRunInOrderBeforeRendering) {
  MetricsRegistry registry;
  auto& g = registry.gauge("ctc_targets", "Targets per team.", {"team"});
  int scrapes = 0;
  std::string order;
  registry.onScrape([&] {
    g.clear();
    ++scrapes;
    for (int i = 0; i < scrapes; ++i) g.set({"t" + std::to_string(i)}, i * 10);
    order += 'a';
  });
  registry.onScrape([&] { order += 'b'; });
  EXPECT_EQ(registry.render(),
            "# HELP ctc_targets Targets per team.\n# TYPE ctc_targets gauge\n"
            "ctc_targets{team=\"t0\"} 0\n");
  EXPECT_EQ(registry.render(),
            "# HELP ctc_targets Targets per team.\n# TYPE ctc_targets gauge\n"
            "ctc_targets{team=\"t0\"} 0\nctc_targets{team=\"t1\"} 10\n");
  EXPECT_EQ(order, "abab");
}

TEST(MetricsErrors, BadNamesAndDuplicatesThrow) {
  MetricsRegistry registry;
  EXPECT_THROW(registry.counter("", "h"), std::invalid_argument);
  EXPECT_THROW(registry.counter("1abc", "h"), std::invalid_argument);
  EXPECT_THROW(registry.gauge("a-b", "h"), std::invalid_argument);
  EXPECT_THROW(registry.gauge("ok", "h", {"bad-label"}), std::invalid_argument);
  EXPECT_THROW(registry.gauge("ok", "h", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(registry.gauge("ok", "h", {"a:b"}), std::invalid_argument);
  EXPECT_THROW(registry.gauge("ok", "h", {"a", "a"}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("hh", "h", {"le"}, {1}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("hh", "h", {}, {2, 1}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("hh", "h", {}, {1, NAN}), std::invalid_argument);
  EXPECT_NO_THROW(registry.counter("ns:sub_total", "h", {"_x", "ok"}));
  EXPECT_NO_THROW(registry.histogram("lat", "h", {}, {}));  // only the +Inf bucket
  EXPECT_THROW(registry.gauge("ns:sub_total", "h"), std::invalid_argument);
  EXPECT_THROW(registry.counter("lat_count", "h"), std::invalid_argument);  // histogram's sample
  // A failed registration leaves nothing behind.
  EXPECT_NO_THROW(registry.gauge("ok", "h"));
  EXPECT_NO_THROW(registry.histogram("hh", "h", {}, {1}));
}

TEST(MetricsErrors, WrongLabelCountThrows) {
  MetricsRegistry registry;
  auto& c = registry.counter("c_total", "h", {"a", "b"});
  auto& g = registry.gauge("g", "h");
  auto& h = registry.histogram("h", "h", {"a"}, {1});
  EXPECT_THROW(c.inc({"x"}), std::invalid_argument);
  EXPECT_THROW(c.inc({"x", "y", "z"}), std::invalid_argument);
  EXPECT_THROW(c.inc({"x"}, -1), std::invalid_argument);  // checked even when ignored
  EXPECT_THROW(g.set({"x"}, 1), std::invalid_argument);
  EXPECT_THROW(g.add({"x"}, 1), std::invalid_argument);
  EXPECT_THROW(h.observe({}, 1), std::invalid_argument);
  EXPECT_NO_THROW(c.inc({"x", "y"}));
  EXPECT_NO_THROW(g.set({}, 1));
  EXPECT_NO_THROW(h.observe({"x"}, 1));
}

TEST(MetricsConcurrency, IncFromFourThreadsAddsUpExactly) {
  MetricsRegistry registry;
  auto& c = registry.counter("ctc_hits_total", "Hits.", {"worker"});
  auto& h = registry.histogram("ctc_lat", "Latency.", {}, {1});
  constexpr int kThreads = 4, kPerThread = 100000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        c.inc({"shared"});
        c.inc({t % 2 ? "odd" : "even"});
        if (i % 100 == 0) h.observe({}, 0.5);
      }
    });
  std::string midway = registry.render();  // concurrent renders must not crash or tear
  EXPECT_NE(midway.find("# TYPE ctc_lat histogram"), std::string::npos);
  for (auto& th : threads) th.join();
  const std::string text = registry.render();
  EXPECT_NE(text.find("ctc_hits_total{worker=\"shared\"} 400000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ctc_hits_total{worker=\"even\"} 200000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ctc_hits_total{worker=\"odd\"} 200000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ctc_lat_count 4000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ctc_lat_bucket{le=\"1\"} 4000\n"), std::string::npos) << text;
}

// Exit status of a shell command, or -1 if it did not exit normally.
int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(MetricsPrometheusParser, ReferenceParserAcceptsTheExposition) {
  // The Debian package installs into /usr/bin/python3's dist-packages; a python3 earlier in PATH
  // (pyenv, venv) may not see it, so try both.
  std::string python;
  for (const char* candidate : {"python3", "/usr/bin/python3"})
    if (run(std::string(candidate) + " -c 'import prometheus_client' >/dev/null 2>&1") == 0) {
      python = candidate;
      break;
    }
  if (python.empty())
    GTEST_SKIP() << "python3 module prometheus_client not installed "
                    "(apt-get install python3-prometheus-client)";

  MetricsRegistry registry;
  auto& c = registry.counter("ctc_requests_total", "Requests.\nSecond \\ line.", {"route", "code"});
  c.inc({"/api/scans", "200"}, 3);
  c.inc({"/a\"b\\c\nd", "500"});
  auto& g = registry.gauge("ctc_up", "Up.");
  g.set({}, 1);
  auto& h = registry.histogram("ctc_scan_seconds", "Scan seconds.", {"profile"}, {0.25, 1, 10});
  h.observe({"quick"}, 0.3);
  h.observe({"full"}, 12.5);
  registry.gauge("ctc_ratio", "Ratio.", {"k"}).set({"nan"}, NAN);

  const auto dir =
      std::filesystem::temp_directory_path() / ("ctc_metrics_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "metrics.txt") << registry.render();
  std::ofstream(dir / "parse.py")
      << "import sys\n"
         "from prometheus_client.parser import text_string_to_metric_families\n"
         "fams = list(text_string_to_metric_families(open(sys.argv[1]).read()))\n"
         "for f in fams:\n"
         "    print(f.name, f.type, len(f.samples))\n"
         "odd = [s for f in fams for s in f.samples if s.labels.get('code') == '500']\n"
         "assert odd[0].labels['route'] == '/a\"b\\\\c\\nd', odd\n"
         "assert fams[0].documentation == 'Requests.\\nSecond \\\\ line.', fams[0].documentation\n"
         "print(len(fams), sum(len(f.samples) for f in fams))\n";
  const int status =
      run(python + " " + (dir / "parse.py").string() + " " + (dir / "metrics.txt").string() + " >" +
          (dir / "out.txt").string() + " 2>&1");
  std::stringstream out;
  out << std::ifstream(dir / "out.txt").rdbuf();
  std::filesystem::remove_all(dir);
  ASSERT_EQ(status, 0) << out.str();
  // The parser reports counters under their name without _total; 2 histograms x (4 buckets +
  // _sum + _count) = 12 samples.
  EXPECT_EQ(out.str(),
            "ctc_requests counter 2\n"
            "ctc_up gauge 1\n"
            "ctc_scan_seconds histogram 12\n"
            "ctc_ratio gauge 1\n"
            "4 16\n");
}

}  // namespace
}  // namespace ctc::ops
