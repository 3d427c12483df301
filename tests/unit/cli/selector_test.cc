// cli/selector.h: --selector/--names/--all, the fleet options, and the client-side count of the
// controllers a selector names (for the progress bar).
#include "cli/selector.h"

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

namespace v1 = ::wlc::licensing::v1;

ParsedArgs Args(const std::vector<std::string>& args) {
  absl::StatusOr<ParsedArgs> a = ParseArgs(args, SelectorFlags());
  EXPECT_TRUE(a.ok()) << a.status();
  return a.ok() ? *a : ParsedArgs();
}

TEST(CliSelectorTest, SelectorFromArgs) {
  EXPECT_FALSE(HasSelector(Args({})));
  ParsedArgs a = Args({"--names", " wlc-1, wlc-2 ", "--selector", "site=paris"});
  EXPECT_TRUE(HasSelector(a));
  absl::StatusOr<v1::Selector> s = SelectorFromArgs(a);
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->names_size(), 2);
  EXPECT_EQ(s->names(0), "wlc-1");
  EXPECT_EQ(s->names(1), "wlc-2");
  EXPECT_EQ(s->labels(), "site=paris");
  EXPECT_FALSE(s->all());
  EXPECT_TRUE(SelectorFromArgs(Args({"--all"}))->all());
  absl::StatusOr<v1::Selector> bad = SelectorFromArgs(Args({"--names", "a,,b"}));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CliSelectorTest, FleetOptionsBounds) {
  absl::StatusOr<v1::FleetOptions> o =
      FleetOptionsFromArgs(Args({"--concurrency", "16", "--per-controller-timeout", "2.5"}));
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->concurrency(), 16u);
  EXPECT_EQ(o->per_controller_timeout_ms(), 2500u);
  for (std::vector<std::string> bad : {std::vector<std::string>{"--concurrency", "0"},
                                       {"--concurrency", "1025"},
                                       {"--concurrency", "many"},
                                       {"--per-controller-timeout", "0"},
                                       {"--per-controller-timeout", "3601"}}) {
    EXPECT_EQ(FleetOptionsFromArgs(Args(bad)).status().code(), absl::StatusCode::kInvalidArgument)
        << bad[0] << " " << bad[1];
  }
}

TEST(CliSelectorTest, LabelsMatch) {
  const std::map<std::string, std::string> labels = {{"site", "paris"}, {"role", "prod"}};
  struct Case {
    const char* selector;
    bool match;
  };
  for (const Case& c :
       {Case{"", true}, Case{"site=paris", true}, Case{"site==paris", true},
        Case{" site = paris , role ", true}, Case{"site=lyon", false}, Case{"role!=lab", true},
        Case{"role!=prod", false}, Case{"tier", false}, Case{"tier!=x", true}}) {
    EXPECT_EQ(LabelsMatch(labels, c.selector), c.match) << c.selector;
  }
}

TEST(CliSelectorTest, ExpectedCountIsTheUnion) {
  v1::ListControllersResponse inventory;
  for (auto [name, site] : std::vector<std::pair<const char*, const char*>>{
           {"wlc-1", "paris"}, {"wlc-2", "paris"}, {"wlc-3", "lyon"}}) {
    v1::ControllerSummary* c = inventory.add_controllers();
    c->set_name(name);
    (*c->mutable_labels())["site"] = site;
  }
  v1::Selector s;
  s.set_labels("site=paris");
  s.add_names("wlc-1");
  s.add_names("wlc-3");
  s.add_targets()->set_name("adhoc-1");
  EXPECT_EQ(ExpectedCount(s, inventory), 4);
  v1::Selector all;
  all.set_all(true);
  EXPECT_EQ(ExpectedCount(all, inventory), 3);
}

}  // namespace
}  // namespace wlc::cli
