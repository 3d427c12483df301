// cli/render_diagnosis.h: health names, which diagnoses exit 5, and the fleet rows.
#include "cli/render_diagnosis.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

namespace v1 = ::wlc::licensing::v1;

TEST(CliRenderDiagnosisTest, HealthAndCritical) {
  EXPECT_EQ(HealthName(v1::HEALTH_HEALTHY), "healthy");
  EXPECT_EQ(HealthName(v1::HEALTH_UNREACHABLE), "unreachable");
  v1::Diagnosis d;
  for (auto [health, critical] :
       std::vector<std::pair<v1::Health, bool>>{{v1::HEALTH_HEALTHY, false},
                                                {v1::HEALTH_WARNING, false},
                                                {v1::HEALTH_CRITICAL, true},
                                                {v1::HEALTH_UNREACHABLE, true}}) {
    d.set_health(health);
    EXPECT_EQ(IsCritical(d), critical) << v1::Health_Name(health);
  }
}

TEST(CliRenderDiagnosisTest, FleetRows) {
  v1::Diagnosis d;
  d.set_controller("wlc-1");
  d.set_health(v1::HEALTH_WARNING);
  EXPECT_EQ(DiagnosisRow(d), (std::vector<std::string>{"wlc-1", "warning", "-"}));
  d.add_findings()->set_code("ACK_OVERDUE");
  d.add_findings()->set_code("TRUST_MISSING");
  EXPECT_EQ(DiagnosisRow(d),
            (std::vector<std::string>{"wlc-1", "warning", "ACK_OVERDUE,TRUST_MISSING"}));
  EXPECT_EQ(DiagnosisErrorRow("wlc-2", 14),
            (std::vector<std::string>{"wlc-2", "ERROR(UNAVAILABLE)", "-"}));
  EXPECT_EQ(DiagnosisHeader().size(), DiagnosisRow(d).size());
}

}  // namespace
}  // namespace wlc::cli
