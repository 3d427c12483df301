// The inventory file re-read live: a change applies, a broken file and a file that would empty
// the fleet are refused (the fleet stays) unless the file says allow_empty.
#include "service/inventory_watcher.h"

#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "adapters/device/https_client.h"
#include "adapters/registry.h"
#include "gtest/gtest.h"

namespace wlc::service {
namespace {

class InventoryWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/inventory-watcher-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ofstream(dir_ + "/lab.json") << R"({"username":"u","password":"Sup3r-Secret-1"})";
    Write(R"({"controllers":[{"name":"a","address":"127.0.0.1:1","credentials_profile":"lab"},
                             {"name":"b","address":"127.0.0.1:2","credentials_profile":"lab"}]})");
    absl::StatusOr<Config> cfg = ParseConfig(
        R"({"credentials_profiles":{"lab":"lab.json"},"inventory_file":"inventory.json"})", dir_);
    ASSERT_TRUE(cfg.ok()) << cfg.status();
    config_ = *cfg;
    handler_ = std::make_unique<LicensingHandler>(&config_, &registry_, &http_);
    watcher_ = std::make_unique<InventoryWatcher>(&config_, handler_.get(), absl::Milliseconds(100),
                                                  [this](const std::string& outcome) {
                                                    std::lock_guard<std::mutex> lock(mu_);
                                                    outcomes_.push_back(outcome);
                                                  });
  }
  void Write(const std::string& text) {
    std::ofstream(dir_ + "/inventory.json.tmp") << text;
    std::rename((dir_ + "/inventory.json.tmp").c_str(), (dir_ + "/inventory.json").c_str());
  }
  // Waits for the next reload outcome.
  std::string NextOutcome() {
    for (int i = 0; i < 100; ++i) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (outcomes_.size() > seen_) return outcomes_[seen_++];
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return "(none)";
  }
  size_t Size() const { return handler_->Inventory()->size(); }

  std::string dir_;
  Config config_;
  adapters::AdapterRegistry registry_;
  device::HttpsClient http_;
  std::unique_ptr<LicensingHandler> handler_;
  std::unique_ptr<InventoryWatcher> watcher_;
  std::mutex mu_;
  std::vector<std::string> outcomes_;
  size_t seen_ = 0;
};

TEST_F(InventoryWatcherTest, RefusesToEmptyTheFleetUnlessTheFileSaysSo) {
  ASSERT_EQ(Size(), 2u);
  Write(R"({"controllers":[{"name":"a","address":"127.0.0.1:1","credentials_profile":"lab"}]})");
  EXPECT_EQ(NextOutcome(), "applied");
  EXPECT_EQ(Size(), 1u);
  Write("{}");  // a truncated ConfigMap
  EXPECT_EQ(NextOutcome(), "empty");
  EXPECT_EQ(Size(), 1u);
  Write(R"({"controllers":[]})");
  EXPECT_EQ(NextOutcome(), "empty");
  EXPECT_EQ(Size(), 1u);
  Write(R"({"controllers":[{"name":"a","address":"127.0.0.1:1","credentials_profile":"nope"}]})");
  EXPECT_EQ(NextOutcome(), "invalid");
  EXPECT_EQ(Size(), 1u);
  Write(R"({"controllers":[],"allow_empty":"yes"})");
  EXPECT_EQ(NextOutcome(), "invalid");
  Write(R"({"controllers":[],"allow_empty":true})");
  EXPECT_EQ(NextOutcome(), "applied");
  EXPECT_EQ(Size(), 0u);
}

}  // namespace
}  // namespace wlc::service
