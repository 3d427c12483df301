// Re-reads the inventory file (a mounted ConfigMap) when it changes, without a restart. A file
// that fails validation is logged and ignored: the previous inventory stays in force.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "service/config.h"
#include "service/handler.h"

namespace wlc::service {

class InventoryWatcher {
 public:
  InventoryWatcher(const Config* config, LicensingHandler* handler,
                   absl::Duration period = absl::Seconds(2));
  ~InventoryWatcher();  // stops and joins
  InventoryWatcher(const InventoryWatcher&) = delete;
  InventoryWatcher& operator=(const InventoryWatcher&) = delete;

 private:
  void Run();
  const Config* config_;
  LicensingHandler* handler_;
  absl::Duration period_;
  std::atomic<bool> stop_{false};
  std::string last_content_;
  std::thread thread_;
};

}  // namespace wlc::service
