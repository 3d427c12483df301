// FleetService through the real path: selectors, bounded fan-out where one silent controller does
// not hold up the rest, precise per-controller codes and a summary, the watch stream, the
// inventory file re-read without a restart, and who may do what (bearer tokens and roles).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/harness.h"
#include "wlc/licensing/v1/fleet.grpc.pb.h"
#include "wlc/licensing/v1/service.grpc.pb.h"

namespace wlc::testing {
namespace {

namespace v1 = ::wlc::licensing::v1;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOperatorToken[] = "operator-token-0123456789abcdef";
constexpr char kReaderToken[] = "reader-token-0123456789abcdef00";

class FleetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("fleet-test"));
    fleet_ = StartFleet({"--controllers", "6"}).release();
    ASSERT_NE(fleet_, nullptr);
    json cfg = ConfigForFleet(
        *fleet_, WriteProfile(*dir_, "lab", fleet_->manifest["username"],
                              fleet_->manifest["password"], fleet_->manifest["ca_file"]));
    // Inventory in its own file, with labels; writes need an operator token.
    json inventory = {{"controllers", cfg["controllers"]}};
    for (size_t i = 0; i < inventory["controllers"].size(); ++i) {
      inventory["controllers"][i]["labels"] = {{"site", i < 3 ? "paris" : "lyon"},
                                               {"role", i % 2 == 0 ? "prod" : "lab"}};
    }
    WriteFile(*dir_ + "/inventory.json", inventory.dump());
    cfg.erase("controllers");
    cfg.erase("allow_anonymous_writes");
    cfg["inventory_file"] = "inventory.json";
    cfg["tokens_file"] = "tokens.json";
    cfg["request_deadline_seconds"] = 20;
    // The same credentials, allowed to ad-hoc targets on the fleet's loopback network.
    json adhoc_profile = json::parse(ReadFileOrEmpty(cfg["credentials_profiles"]["lab"]));
    adhoc_profile["allowed_targets"] = {"127.0.0.0/8"};
    WriteFile(*dir_ + "/lab-adhoc.json", adhoc_profile.dump());
    cfg["credentials_profiles"]["lab-adhoc"] = *dir_ + "/lab-adhoc.json";
    WriteFile(*dir_ + "/tokens.json",
              json{{"tokens",
                    {{{"name", "ops"}, {"role", "operator"}, {"token", kOperatorToken}},
                     {{"name", "grafana"}, {"role", "reader"}, {"token", kReaderToken}}}}}
                  .dump());
    service_ = StartService(*dir_, cfg).release();
    ASSERT_NE(service_, nullptr) << ReadFileOrEmpty(*dir_ + "/licensingd.log");
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", service_->grpc_port),
                                       grpc::InsecureChannelCredentials());
    stub_ = v1::FleetService::NewStub(channel).release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete service_;
    delete fleet_;
  }

  static std::string Name(int i) { return fleet_->controller(i)["name"]; }

  static void Auth(grpc::ClientContext* ctx, const std::string& token) {
    if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
  }

  struct Collected {
    std::map<std::string, v1::ControllerResult> results;
    v1::FleetSummary summary;
    int summaries = 0;
    grpc::Status status;
  };

  template <typename Response, typename Reader>
  static Collected Drain(Reader reader) {
    Collected c;
    Response resp;
    while (reader->Read(&resp)) {
      if (resp.event().has_result())
        c.results[resp.event().result().controller()] = resp.event().result();
      if (resp.event().has_summary()) {
        c.summary = resp.event().summary();
        ++c.summaries;
      }
    }
    c.status = reader->Finish();
    return c;
  }

  static Collected States(const v1::Selector& sel, const std::string& token = kReaderToken,
                          uint32_t per_controller_ms = 0) {
    grpc::ClientContext ctx;
    Auth(&ctx, token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::ListLicensingStatesRequest req;
    *req.mutable_selector() = sel;
    req.mutable_options()->set_per_controller_timeout_ms(per_controller_ms);
    return Drain<v1::ListLicensingStatesResponse>(stub_->ListLicensingStates(&ctx, req));
  }

  static Collected Apply(const v1::Selector& sel, v1::TransportType type, const std::string& token,
                         bool dry_run = false) {
    grpc::ClientContext ctx;
    Auth(&ctx, token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::ApplyTransportsRequest req;
    *req.mutable_selector() = sel;
    req.mutable_desired()->set_type(type);
    req.set_dry_run(dry_run);
    return Drain<v1::ApplyTransportsResponse>(stub_->ApplyTransports(&ctx, req));
  }

  static std::string* dir_;
  static Fleet* fleet_;
  static Service* service_;
  static v1::FleetService::Stub* stub_;
};

std::string* FleetTest::dir_ = nullptr;
Fleet* FleetTest::fleet_ = nullptr;
Service* FleetTest::service_ = nullptr;
v1::FleetService::Stub* FleetTest::stub_ = nullptr;

TEST_F(FleetTest, SelectorsPickTheRightControllers) {
  v1::Selector all;
  all.set_all(true);
  Collected c = States(all);
  ASSERT_TRUE(c.status.ok()) << c.status.error_message();
  EXPECT_EQ(c.results.size(), 6u);
  EXPECT_EQ(c.summaries, 1);
  EXPECT_EQ(c.summary.total(), 6u);
  EXPECT_EQ(c.summary.succeeded(), 6u);
  for (const auto& [name, r] : c.results) EXPECT_EQ(r.licensing().controller(), name);

  v1::Selector paris_prod;
  paris_prod.set_labels("site=paris,role=prod");
  c = States(paris_prod);
  EXPECT_EQ(c.results.size(), 2u);  // controllers 0 and 2
  EXPECT_EQ(c.results.count(Name(0)), 1u);
  EXPECT_EQ(c.results.count(Name(2)), 1u);

  v1::Selector not_lab;
  not_lab.set_labels("role!=lab");
  not_lab.add_names(Name(1));  // union with an explicit name
  EXPECT_EQ(States(not_lab).results.size(), 4u);

  // Ad-hoc target: not in the inventory, validated like an entry; operators only, and only
  // with a profile whose allowed_targets hold the address (security_test plays the attacks).
  v1::Selector adhoc;
  v1::AdHocTarget* t = adhoc.add_targets();
  t->set_name("adhoc-1");
  t->set_address(fleet_->address(5));
  t->set_credentials_profile("lab-adhoc");
  EXPECT_EQ(States(adhoc).status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  c = States(adhoc, kOperatorToken);
  ASSERT_TRUE(c.status.ok()) << c.status.error_message();
  ASSERT_EQ(c.results.count("adhoc-1"), 1u);
  EXPECT_EQ(c.results["adhoc-1"].code(), 0) << c.results["adhoc-1"].message();
  t->set_credentials_profile("lab");  // no allowed_targets: the inventory only
  EXPECT_EQ(States(adhoc, kOperatorToken).status.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  EXPECT_EQ(States(v1::Selector()).status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::Selector unknown;
  unknown.add_names("nope");
  EXPECT_EQ(States(unknown).status.error_code(), grpc::StatusCode::NOT_FOUND);
  v1::Selector bad_labels;
  bad_labels.set_labels("site=pa ris");
  EXPECT_EQ(States(bad_labels).status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::Selector bad_target;
  bad_target.add_targets()->set_name("x");
  EXPECT_EQ(States(bad_target, kOperatorToken).status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(FleetTest, OneSilentControllerDoesNotHoldUpTheRest) {
  ASSERT_FALSE(
      fleet_->ControlPost("/controllers/" + Name(4) + "/faults", R"({"silent":true})").empty());
  v1::Selector all;
  all.set_all(true);
  auto start = std::chrono::steady_clock::now();
  Collected c = States(all, kReaderToken, /*per_controller_ms=*/1500);
  auto took = std::chrono::steady_clock::now() - start;
  fleet_->ControlPost("/controllers/" + Name(4) + "/faults", "{}");
  ASSERT_TRUE(c.status.ok()) << c.status.error_message();
  EXPECT_EQ(c.summary.succeeded(), 5u);
  EXPECT_EQ(c.summary.failed(), 1u);
  EXPECT_EQ(c.results[Name(4)].code(), static_cast<int>(grpc::StatusCode::DEADLINE_EXCEEDED))
      << c.results[Name(4)].message();
  EXPECT_EQ(c.summary.failures_by_code().at("DEADLINE_EXCEEDED"), 1u);
  // The other five finished long before the silent one's deadline.
  for (const auto& [name, r] : c.results) {
    if (name != Name(4)) EXPECT_LT(r.duration_ms(), 1000u) << name;
  }
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST_F(FleetTest, WritesNeedAnOperatorToken) {
  v1::Selector lyon;
  lyon.set_labels("site=lyon");
  Collected anon = Apply(lyon, v1::TRANSPORT_TYPE_SMART, "");
  EXPECT_EQ(anon.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  Collected reader = Apply(lyon, v1::TRANSPORT_TYPE_SMART, kReaderToken);
  EXPECT_EQ(reader.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  Collected forged = Apply(lyon, v1::TRANSPORT_TYPE_SMART, "not-a-known-token-at-all-xxxx");
  EXPECT_EQ(forged.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // A reader may plan (dry run).
  Collected dry = Apply(lyon, v1::TRANSPORT_TYPE_SMART, kReaderToken, /*dry_run=*/true);
  ASSERT_TRUE(dry.status.ok()) << dry.status.error_message();
  EXPECT_EQ(dry.summary.succeeded(), 3u);
  for (int i = 3; i < 6; ++i) EXPECT_THAT(fleet_->DeviceConfig(i), Not(HasSubstr("\"smart\"")));

  Collected applied = Apply(lyon, v1::TRANSPORT_TYPE_SMART, kOperatorToken);
  ASSERT_TRUE(applied.status.ok()) << applied.status.error_message();
  EXPECT_EQ(applied.summary.succeeded(), 3u);
  for (int i = 3; i < 6; ++i) {
    EXPECT_TRUE(applied.results[Name(i)].apply().changed());
    EXPECT_THAT(fleet_->DeviceConfig(i), HasSubstr("\"smart\""));
  }
  // The audit line names who, what, which controller and the outcome; never the token.
  const std::string log = ReadFileOrEmpty(service_->log_path);
  EXPECT_THAT(log, HasSubstr("\"who\":\"ops\""));
  EXPECT_THAT(log, Not(HasSubstr(kOperatorToken)));
  EXPECT_THAT(log, Not(HasSubstr(kReaderToken)));
}

TEST_F(FleetTest, AFailedApplyStillSaysWhatItRestoredInItsResult) {
  const std::string before = fleet_->DeviceConfig(0);
  // GETs before the change (save, plan) and the PATCH pass; the read-back GET fails on each of
  // its four attempts (reads are retried on a 500).
  ASSERT_TRUE(fleet_->SetFaults(
      0, R"({"status":500,"status_path":"license/smart","status_skip":3,"status_count":4})"));
  v1::Selector one;
  one.add_names(Name(0));
  Collected c = Apply(one, v1::TRANSPORT_TYPE_SMART, kOperatorToken);
  fleet_->SetFaults(0, "{}");
  ASSERT_TRUE(c.status.ok()) << c.status.error_message();
  const v1::ControllerResult& r = c.results[Name(0)];
  EXPECT_EQ(r.code(), static_cast<int>(grpc::StatusCode::INTERNAL)) << r.message();
  EXPECT_TRUE(r.apply().changed());
  EXPECT_TRUE(r.apply().restore().attempted());
  ASSERT_EQ(r.apply().restore().restored_size(), 1);
  EXPECT_EQ(r.apply().restore().restored(0), "Cisco-IOS-XE-native:native/license/smart");
  EXPECT_EQ(fleet_->DeviceConfig(0), before);
  // The audit line names the same outcome.
  const std::string log = ReadFileOrEmpty(service_->log_path);
  EXPECT_THAT(log, HasSubstr("read-back after the change failed: "));
  EXPECT_THAT(log, HasSubstr("; restored Cisco-IOS-XE-native:native/license/smart"));
}

TEST_F(FleetTest, WatchStreamsChanges) {
  grpc::ClientContext ctx;
  Auth(&ctx, kReaderToken);
  v1::WatchLicensingRequest req;
  req.mutable_selector()->add_names(Name(1));
  req.set_interval_seconds(1);
  auto reader = stub_->WatchLicensing(&ctx, req);
  v1::WatchLicensingResponse ev;
  ASSERT_TRUE(reader->Read(&ev));
  EXPECT_EQ(ev.kind(), v1::CHANGE_KIND_INITIAL);
  EXPECT_EQ(ev.controller(), Name(1));
  // Change the transport behind the watcher's back (as another tool would).
  v1::Selector one;
  one.add_names(Name(1));
  ASSERT_TRUE(Apply(one, v1::TRANSPORT_TYPE_OFFLINE, kOperatorToken).status.ok());
  bool saw_transport = false;
  for (int i = 0; i < 5 && !saw_transport; ++i) {
    ASSERT_TRUE(reader->Read(&ev));
    saw_transport = ev.kind() == v1::CHANGE_KIND_TRANSPORT_CHANGED;
  }
  EXPECT_TRUE(saw_transport);
  EXPECT_THAT(ev.detail(), HasSubstr("TRANSPORT_TYPE_OFFLINE"));
  // Unreachable, then reachable again.
  fleet_->ControlPost("/controllers/" + Name(1) + "/faults", R"({"status":503})");
  bool saw_down = false;
  for (int i = 0; i < 5 && !saw_down; ++i) {
    ASSERT_TRUE(reader->Read(&ev));
    saw_down = ev.kind() == v1::CHANGE_KIND_UNREACHABLE;
  }
  EXPECT_TRUE(saw_down);
  fleet_->ControlPost("/controllers/" + Name(1) + "/faults", "{}");
  bool saw_up = false;
  for (int i = 0; i < 5 && !saw_up; ++i) {
    ASSERT_TRUE(reader->Read(&ev));
    saw_up = ev.kind() == v1::CHANGE_KIND_REACHABLE;
  }
  EXPECT_TRUE(saw_up);
  ctx.TryCancel();
}

TEST_F(FleetTest, InventoryFileIsReReadWithoutARestart) {
  json inventory = json::parse(ReadFileOrEmpty(*dir_ + "/inventory.json"));
  json extra = inventory["controllers"][0];
  extra["name"] = "wlc-added-later";
  extra["labels"] = {{"site", "nantes"}};
  inventory["controllers"].push_back(extra);
  WriteFile(*dir_ + "/inventory.json.tmp", inventory.dump());
  std::rename((*dir_ + "/inventory.json.tmp").c_str(), (*dir_ + "/inventory.json").c_str());
  v1::Selector nantes;
  nantes.set_labels("site=nantes");
  Collected c;
  for (int i = 0; i < 50; ++i) {
    c = States(nantes);
    if (c.results.size() == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_EQ(c.results.size(), 1u);
  EXPECT_EQ(c.results.begin()->first, "wlc-added-later");
  // A broken file is refused and the previous inventory stays.
  WriteFile(*dir_ + "/inventory.json", "{\"controllers\": [{\"name\": \"x\"}]}");
  std::this_thread::sleep_for(std::chrono::milliseconds(2600));
  EXPECT_EQ(States(nantes).results.size(), 1u);
  EXPECT_THAT(ReadFileOrEmpty(service_->log_path), HasSubstr("inventory file rejected"));
}

// Sixteen clients reading one slow controller at once share its reads: the controller sees a
// fraction of the GETs they would cost alone, and a client that accepts an age is served from the
// service's cache without any GET.
TEST_F(FleetTest, ConcurrentReadersOfOneControllerShareItsReads) {
  const std::string name = Name(4);
  fleet_->ControlPost("/controllers/" + name + "/faults", R"({"latency_ms":150})");
  fleet_->ControlPost("/controllers/" + name + "/requests", "{}");
  auto licensing = v1::LicensingService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", service_->grpc_port), grpc::InsecureChannelCredentials()));
  constexpr int kClients = 16, kReadsEach = 4;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&] {
      for (int i = 0; i < kReadsEach; ++i) {
        grpc::ClientContext ctx;
        Auth(&ctx, kReaderToken);
        v1::GetLicensingStateRequest req;
        req.set_controller(name);
        v1::GetLicensingStateResponse resp;
        if (licensing->GetLicensingState(&ctx, req, &resp).ok()) ++ok;
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(ok.load(), kClients * kReadsEach);
  json counters = json::parse(fleet_->ControlGet("/controllers/" + name + "/requests"));
  const int alone = kClients * kReadsEach * 3;  // three GETs a read
  EXPECT_LE(counters["gets"].get<int>(), alone / 4) << counters << " (alone: " << alone << ")";
  std::printf("[ figure   ] %d reads by %d clients cost %d device GETs (alone: %d)\n",
              kClients * kReadsEach, kClients, counters["gets"].get<int>(), alone);
  // An answer up to a minute old: no GET at all.
  fleet_->ControlPost("/controllers/" + name + "/requests", "{}");
  grpc::ClientContext ctx;
  Auth(&ctx, kReaderToken);
  v1::GetLicensingStateRequest req;
  req.set_controller(name);
  req.set_max_age_ms(60000);
  v1::GetLicensingStateResponse resp;
  ASSERT_TRUE(licensing->GetLicensingState(&ctx, req, &resp).ok());
  EXPECT_EQ(json::parse(fleet_->ControlGet("/controllers/" + name + "/requests"))["gets"], 0);
  EXPECT_GT(resp.licensing().read_time().seconds(), 0);
  fleet_->ControlPost("/controllers/" + name + "/faults", "{}");
}

// Interrupt stops a fleet apply half-way and the summary tells the truth: what was started
// finished and is reported with whether it changed; what was not started is CANCELLED and was not
// touched (read back from the controllers). A fleet of its own: the test changes transports.
TEST(FleetInterruptTest, AnInterruptedApplySaysWhatChangedAndWhatWasNeverTouched) {
  const std::string dir = MakeTempDir("fleet-interrupt");
  std::unique_ptr<Fleet> fleet = StartFleet({"--controllers", "4"});
  ASSERT_NE(fleet, nullptr);
  json cfg =
      ConfigForFleet(*fleet, WriteProfile(dir, "lab", fleet->manifest["username"],
                                          fleet->manifest["password"], fleet->manifest["ca_file"]));
  std::unique_ptr<Service> service = StartService(dir, cfg);
  ASSERT_NE(service, nullptr);
  for (int i = 0; i < 4; ++i) {
    fleet->ControlPost("/controllers/" + std::string(fleet->controller(i)["name"]) + "/faults",
                       R"({"latency_ms":300})");
  }
  auto stub = v1::FleetService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", service->grpc_port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::ApplyTransportsRequest req;
  req.mutable_selector()->set_all(true);
  req.mutable_desired()->set_type(v1::TRANSPORT_TYPE_OFFLINE);
  req.mutable_options()->set_concurrency(1);
  req.mutable_options()->set_request_id("apply-42");
  auto reader = stub->ApplyTransports(&ctx, req);
  v1::ApplyTransportsResponse resp;
  std::map<std::string, v1::ControllerResult> results;
  v1::FleetSummary summary;
  bool interrupted = false;
  while (reader->Read(&resp)) {
    if (resp.event().has_summary()) summary = resp.event().summary();
    if (!resp.event().has_result()) continue;
    results[resp.event().result().controller()] = resp.event().result();
    if (!interrupted) {
      // Someone else cannot stop it; its caller can.
      grpc::ClientContext other;
      v1::InterruptRequest wrong;
      wrong.set_request_id("apply-43");
      v1::InterruptResponse unused;
      EXPECT_EQ(stub->Interrupt(&other, wrong, &unused).error_code(), grpc::StatusCode::NOT_FOUND);
      grpc::ClientContext mine;
      v1::InterruptRequest stop;
      stop.set_request_id("apply-42");
      ASSERT_TRUE(stub->Interrupt(&mine, stop, &unused).ok());
      interrupted = true;
    }
  }
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_EQ(results.size(), 4u) << "every controller has a result";
  EXPECT_TRUE(summary.interrupted());
  EXPECT_GE(summary.cancelled(), 1u);
  EXPECT_LE(summary.cancelled(), 3u);
  // Read back through the service what each controller holds now.
  auto licensing = v1::LicensingService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", service->grpc_port), grpc::InsecureChannelCredentials()));
  uint32_t changed = 0, cancelled = 0;
  for (int i = 0; i < 4; ++i) {
    const std::string name = fleet->controller(i)["name"];
    const v1::ControllerResult& r = results[name];
    grpc::ClientContext read_ctx;
    v1::GetLicensingStateRequest read;
    read.set_controller(name);
    v1::GetLicensingStateResponse now;
    ASSERT_TRUE(licensing->GetLicensingState(&read_ctx, read, &now).ok());
    const bool offline = now.licensing().transport().type() == v1::TRANSPORT_TYPE_OFFLINE;
    if (r.code() == static_cast<int>(grpc::StatusCode::CANCELLED)) {
      ++cancelled;
      EXPECT_THAT(r.message(), HasSubstr("nothing was sent to it"));
      EXPECT_FALSE(offline) << name << " was never started, so it must be untouched";
    } else {
      EXPECT_EQ(r.code(), 0) << name << ": " << r.message();
      if (r.apply().changed()) ++changed;
      EXPECT_TRUE(offline) << name << " finished, so it holds the new transport";
    }
  }
  EXPECT_EQ(cancelled, summary.cancelled());
  EXPECT_EQ(changed, summary.changed());
  EXPECT_EQ(summary.succeeded() + summary.failed(), 4u);
}

}  // namespace
}  // namespace wlc::testing
