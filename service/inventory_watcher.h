// Re-reads the inventory file (a mounted ConfigMap) when it changes, without a restart. A file
// that fails validation is logged and ignored: the previous inventory stays in force. So is a
// file that would leave no controllers (a truncated ConfigMap, `{}`) unless it says
// "allow_empty": true — a warning, not an info line. Every reload's outcome is reported to
// `on_reload` ("applied", "invalid", "empty"), e.g. for a metric.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "service/config.h"
#include "service/handler.h"

namespace wlc::service {

class InventoryWatcher {
 public:
  using ReloadObserver = std::function<void(const std::string& outcome)>;
  InventoryWatcher(const Config* config, LicensingHandler* handler,
                   absl::Duration period = absl::Seconds(2), ReloadObserver on_reload = nullptr);
  ~InventoryWatcher();  // stops and joins
  InventoryWatcher(const InventoryWatcher&) = delete;
  InventoryWatcher& operator=(const InventoryWatcher&) = delete;

 private:
  void Run();
  const Config* config_;
  LicensingHandler* handler_;
  absl::Duration period_;
  ReloadObserver on_reload_;
  std::atomic<bool> stop_{false};
  std::string last_content_;
  std::thread thread_;
};

}  // namespace wlc::service
