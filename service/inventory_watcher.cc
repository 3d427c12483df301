#include "service/inventory_watcher.h"

#include <fstream>
#include <sstream>

#include "observability/logging.h"

namespace wlc::service {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

InventoryWatcher::InventoryWatcher(const Config* config, LicensingHandler* handler,
                                   absl::Duration period, ReloadObserver on_reload)
    : config_(config), handler_(handler), period_(period), on_reload_(std::move(on_reload)) {
  last_content_ = Read(config_->inventory_file);
  thread_ = std::thread([this] { Run(); });
}

InventoryWatcher::~InventoryWatcher() {
  stop_ = true;
  thread_.join();
}

void InventoryWatcher::Run() {
  while (!stop_) {
    for (absl::Time until = absl::Now() + period_; !stop_ && absl::Now() < until;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (stop_) break;
    // Content, not mtime: a ConfigMap update swaps a symlink and may keep the old mtime.
    std::string content = Read(config_->inventory_file);
    if (content == last_content_) continue;
    last_content_ = content;
    absl::StatusOr<InventoryFile> inventory = ReadInventoryFile(config_->inventory_file, *config_);
    if (!inventory.ok()) {
      log::Error("inventory file rejected; keeping the previous inventory",
                 {{"error", std::string(inventory.status().message())}});
      if (on_reload_) on_reload_("invalid");
      continue;
    }
    const size_t before = handler_->Inventory()->size();
    if (inventory->controllers.empty() && !inventory->allow_empty && before > 0) {
      log::Warning(
          "inventory file has no controllers; keeping the previous inventory (write "
          "\"allow_empty\": true in the file to empty the fleet on purpose)",
          {{"controllers_kept", std::to_string(before)}});
      if (on_reload_) on_reload_("empty");
      continue;
    }
    log::Log(inventory->controllers.empty() ? log::Level::kWarning : log::Level::kInfo,
             "inventory reloaded",
             {{"controllers", std::to_string(inventory->controllers.size())},
              {"before", std::to_string(before)}});
    handler_->SetInventory(std::move(inventory->controllers));
    if (on_reload_) on_reload_("applied");
  }
}

}  // namespace wlc::service
