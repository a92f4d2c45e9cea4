#include "directory/employee.h"

#include <tuple>

namespace tandem::directory {

namespace {
auto attributeTie(const Employee& e) {
  return std::tie(e.source, e.externalId, e.userName, e.displayName, e.givenName, e.familyName,
                  e.email, e.department, e.title, e.level, e.hireDate, e.hireDateConfidence,
                  e.location, e.timeZone, e.locale, e.employeeType, e.languages,
                  e.managerExternalId, e.active);
}
}  // namespace

bool Employee::sameAttributes(const Employee& other) const {
  return attributeTie(*this) == attributeTie(other);
}

}  // namespace tandem::directory
