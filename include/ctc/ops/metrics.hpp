#pragma once
/// A small Prometheus registry rendering the text exposition format 0.0.4, written by hand
/// (Debian 12 packages no C++ Prometheus client). Every method of every class here may be
/// called from any thread at the same time.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace ctc::ops {

/// Label values, in the order of the family's label names.
using Labels = std::vector<std::string>;

class MetricsRegistry;

namespace detail {

/// State shared by the three family kinds: one mutex guarding every series of the family.
class Family {
 public:
  virtual ~Family() = default;

 protected:
  struct Series {
    double value = 0;                    ///< counter/gauge value, or histogram _sum
    std::vector<std::uint64_t> buckets;  ///< histogram only: per bucket, last is +Inf
    std::uint64_t count = 0;             ///< histogram only
  };
  /// type: "counter", "gauge" or "histogram". Validates as MetricsRegistry documents (throws
  /// std::invalid_argument); a trailing +Inf bound is dropped, that bucket always exists.
  Family(std::string name, std::string help, std::vector<std::string> labelNames, const char* type,
         std::vector<double> upperBounds = {});
  /// Throws std::invalid_argument unless values.size() equals the number of label names.
  void checkArity(const Labels& values) const;
  /// Appends "# HELP", "# TYPE" and every series, all under mutex_.
  void render(std::string& out) const;
  void renderSeries(std::string& out, const Labels& values, const Series& s) const;

  const std::string name_, help_;
  const std::vector<std::string> labelNames_;
  const char* const type_;
  std::vector<double> upperBounds_;
  mutable std::mutex mutex_;
  std::map<Labels, Series> series_;  ///< sorted by label values, as rendered
  friend class ctc::ops::MetricsRegistry;
};

}  // namespace detail

class CounterFamily final : public detail::Family {
 public:
  /// Adds `by` to the series for `values`, creating it at 0 first (so inc(values, 0) makes a
  /// series visible). A negative or NaN `by` is ignored: counters only go up. Throws
  /// std::invalid_argument if values.size() differs from the number of label names.
  void inc(const Labels& values, double by = 1);

 private:
  using Family::Family;
  friend class MetricsRegistry;
};

class GaugeFamily final : public detail::Family {
 public:
  /// Sets / adds to the series for `values` (created at 0). Throws std::invalid_argument if
  /// values.size() differs from the number of label names.
  void set(const Labels& values, double v);
  void add(const Labels& values, double by);
  /// Drops every series (for gauges recomputed at scrape time); an unlabelled gauge renders 0.
  void clear();

 private:
  using Family::Family;
  friend class MetricsRegistry;
};

class HistogramFamily final : public detail::Family {
 public:
  /// Counts `v` in the first bucket whose upper bound is >= v (NaN: only in +Inf) and adds it
  /// to _sum. Throws std::invalid_argument if values.size() differs from the label names.
  void observe(const Labels& values, double v);

 private:
  using Family::Family;
  friend class MetricsRegistry;
};

class MetricsRegistry {
 public:
  /// Families live as long as the registry; references stay valid. Names must match
  /// [a-zA-Z_:][a-zA-Z0-9_:]* and label names [a-zA-Z_][a-zA-Z0-9_]* (not starting with "__");
  /// a bad name or a duplicate family name throws std::invalid_argument (programming error at
  /// startup). A histogram also claims name_bucket, name_sum and name_count; its upperBounds
  /// must be finite and strictly increasing (a trailing +Inf is allowed), "le" is no label.
  CounterFamily& counter(std::string name, std::string help,
                         std::vector<std::string> labelNames = {});
  GaugeFamily& gauge(std::string name, std::string help, std::vector<std::string> labelNames = {});
  HistogramFamily& histogram(std::string name, std::string help,
                             std::vector<std::string> labelNames, std::vector<double> upperBounds);

  /// Called (in registration order) at the start of every render(), e.g. to set gauges read
  /// from the database. A refresh must not call render(); its exceptions propagate from it.
  void onScrape(std::function<void()> refresh);

  /// The whole exposition: per family in registration order "# HELP", "# TYPE", then each
  /// series sorted by label values; histograms as _bucket{le=...} (cumulative, with
  /// le="+Inf"), _sum, _count. Label values escaped (\\, \", \n), HELP escaped (\\, \n).
  /// Numbers: integers without a fraction, otherwise shortest round-trip; +Inf, -Inf, NaN.
  /// A family with no label names and no observation yet still renders one series at 0
  /// (counters/gauges) or all-zero buckets (histograms). One render() runs at a time,
  /// refreshes included, and each family is rendered under its lock, so it is consistent.
  std::string render() const;

  static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

 private:
  template <typename F, typename... Args>
  F& add(std::vector<std::string> claims, Args&&... args);

  mutable std::mutex scrapeMutex_;  ///< one render() at a time
  mutable std::mutex mutex_;        ///< guards the three members below
  std::vector<std::unique_ptr<detail::Family>> families_;
  std::set<std::string> claimed_;  ///< every sample name in use
  std::vector<std::function<void()>> refreshers_;
};

}  // namespace ctc::ops
