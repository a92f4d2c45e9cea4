// /Users and /Groups of the SCIM service provider.
#include <algorithm>
#include <set>

#include "http/internal/scim_body.h"
#include "core/json_text.h"
#include "http/internal/scim_call.h"
#include "http/scim_endpoint.h"
#include "scim/patch.h"
#include "scim/resources.h"
#include "scim/schemas.h"

namespace tandem::http::internal {

using nlohmann::json;
using scim::GroupRecord;
using scim::UserRecord;

namespace {

core::Status invalid(const std::string& message, const char* scimType) {
  return core::invalidArgument(message).withDetail(scimType);
}

// 409 uniqueness.
core::Status taken(const std::string& message) {
  return core::alreadyExists(message).withDetail(scim::kUniqueness);
}

// "W/\"abc\"" and "\"abc\"" name the same version for If-Match (weak comparison).
std::string opaque(std::string tag) {
  while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.erase(0, 1);
  while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.pop_back();
  if (tag.rfind("W/", 0) == 0 || tag.rfind("w/", 0) == 0) tag.erase(0, 2);
  return tag;
}

// Whether an If-Match / If-None-Match value ("*", or a comma-separated list) names `version`.
bool tagMatches(const std::string& header, const std::string& version) {
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t end = header.find(',', pos);
    if (end == std::string::npos) end = header.size();
    const std::string tag = opaque(header.substr(pos, end - pos));
    if (tag == "*" || tag == opaque(version)) return true;
    pos = end + 1;
  }
  return false;
}

// 412 when If-Match names another version.
core::Status checkIfMatch(const ScimCall& call, const std::string& version) {
  if (call.ifMatch.empty() || tagMatches(call.ifMatch, version)) return core::Status::ok();
  return core::failedPrecondition("the resource changed: its version is now " + version)
      .withDetail("precondition_failed");
}

const char* ownerName(const std::string& source) {
  if (source == "ldap") return "the LDAP directory sync";
  if (source == "import") return "a CSV import";
  if (source == "demo") return "the demo organisation";
  return "another source";
}

// 409 for a record another connector owns: SCIM does not overwrite it.
core::Status checkOwner(const std::string& source, const std::string& what) {
  if (source == "scim") return core::Status::ok();
  return core::alreadyExists(what + " is managed by " + ownerName(source) +
                             "; change it there, or remove it from that source first");
}

core::Result<json> parseBody(const ScimCall& call) { return parseScimBody(call.body); }

// The body of a POST or PUT of `type`: schemas (when sent) must name the type's core schema.
core::Result<json> resourceBody(const ScimCall& call, const scim::ResourceTypeDef& type) {
  auto body = parseBody(call);
  if (!body.isOk()) return body.status();
  const auto schemas = body->find("schemas");
  if (schemas != body->end()) {
    const bool named = schemas->is_array() &&
                       std::any_of(schemas->begin(), schemas->end(), [&](const json& s) {
                         return s.is_string() && scim::equalsIgnoreCase(s.get<std::string>(),
                                                                         type.schema);
                       });
    if (!named) {
      return invalid("schemas must contain \"" + type.schema + "\"", scim::kInvalidSyntax);
    }
  }
  TDM_RETURN_IF_ERROR(scim::normaliseResource(*body, type));
  return body;
}

Response withVersion(Response r, const std::string& version, const std::string& location) {
  r.headers.emplace_back("ETag", version);
  if (!location.empty()) r.headers.emplace_back("Location", location);
  return r;
}

Response errorOf(const core::Status& status) { return scimError(status); }

// Applies attributes/excludedAttributes. Without either nothing is removed: rendered resources
// never hold a "returned: never" attribute (no password is stored) nor an unknown one.
void projectIfAsked(json& resource, const scim::ResourceTypeDef& type,
                    const std::vector<std::string>& attributes,
                    const std::vector<std::string>& excluded) {
  if (attributes.empty() && excluded.empty()) return;
  scim::projectAttributes(resource, type, attributes, excluded);
}

json project(json resource, const scim::ResourceTypeDef& type, const ScimCall& call) {
  projectIfAsked(resource, type, call.attributes, call.excludedAttributes);
  return resource;
}

bool names(const std::vector<std::string>& list, const char* attribute) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& a) {
    const std::string head = a.substr(0, a.find('.'));
    return scim::equalsIgnoreCase(head, attribute) ||
           scim::equalsIgnoreCase(head, std::string(scim::kGroupSchema) + ":" + attribute) ||
           scim::equalsIgnoreCase(head, std::string(scim::kUserSchema) + ":" + attribute);
  });
}

// Whether a response needs members (groups) or groups (users).
bool wantsList(const std::vector<std::string>& attributes, const std::vector<std::string>& excluded,
               const char* attribute) {
  if (!attributes.empty()) return names(attributes, attribute);
  return !names(excluded, attribute);
}

// ---------------------------------------------------------------------------------------------
// Users

core::Result<UserRecord> findUserOr404(ScimCall& call, const std::string& id, bool withGroups) {
  auto found = call.store.scim().findUser(id, withGroups);
  if (!found.isOk()) return found.status();
  if (!found->has_value()) return core::notFound("no User has the id \"" + id + "\"");
  return std::move(**found);
}

core::Status audit(ScimCall& call, const std::string& action, const std::string& target,
                   const json& details = json::object()) {
  return call.store.audit().append(call.actor, action, target, details.dump());
}

Response createUser(ScimCall& call) {
  auto body = resourceBody(call, scim::userResourceType());
  if (!body.isOk()) return errorOf(body.status());
  UserRecord record;
  core::Status read = scim::userFromResource(*body, record);
  if (!read.isOk()) return errorOf(read);
  json rendered;
  core::Status status = call.store.transaction([&]() -> core::Status {
    auto& repo = call.store.scim();
    auto existing = repo.findUserByUserName(record.employee.userName);
    if (!existing.isOk()) return existing.status();
    if (existing->has_value()) {
      const UserRecord& old = **existing;
      if (old.employee.source != "scim" || !old.deleted) {
        std::string message = "userName \"" + record.employee.userName + "\" is already taken";
        if (old.employee.source != "scim") {
          message += " by a person " + std::string(ownerName(old.employee.source)) + " manages";
        }
        return taken(message);
      }
      // Deleted through SCIM and provisioned again: the same person comes back, history kept.
      record.employee.id = old.employee.id;
      record.employee.externalId = old.employee.externalId;
    } else {
      record.employee.externalId = scim::newResourceId();
    }
    core::Status saved = repo.saveUser(record);
    if (saved.code() == core::StatusCode::kAlreadyExists) {
      return taken("userName \"" + record.employee.userName + "\" is already taken");
    }
    TDM_RETURN_IF_ERROR(saved);
    TDM_RETURN_IF_ERROR(repo.resolveManagersOf(record.employee.externalId));
    TDM_RETURN_IF_ERROR(audit(call, "scim.user.create", record.employee.userName));
    auto stored = repo.findUser(record.employee.externalId, true);
    if (!stored.isOk()) return stored.status();
    rendered = scim::renderUser(**stored, call.baseUrl);
    return core::Status::ok();
  });
  if (!status.isOk()) return errorOf(status);
  const std::string version = rendered["meta"]["version"];
  const std::string location = rendered["meta"]["location"];
  return withVersion(scimJson(201, project(rendered, scim::userResourceType(), call)), version,
                     location);
}

// PUT (replace) and PATCH (modify) share this: `change` turns the current rendering into the
// new resource.
Response updateUser(ScimCall& call, const std::string& id,
                    const std::function<core::Status(json& resource)>& change) {
  json rendered;
  core::Status status = call.store.transaction([&]() -> core::Status {
    auto& repo = call.store.scim();
    auto current = findUserOr404(call, id, false);
    if (!current.isOk()) return current.status();
    UserRecord record = std::move(current).value();
    json resource = scim::renderUser(record, call.baseUrl);
    TDM_RETURN_IF_ERROR(checkIfMatch(call, resource["meta"]["version"]));
    TDM_RETURN_IF_ERROR(checkOwner(record.employee.source, "User \"" + id + "\""));
    TDM_RETURN_IF_ERROR(change(resource));
    const std::string oldUserName = record.employee.userName;
    TDM_RETURN_IF_ERROR(scim::userFromResource(resource, record));
    if (!scim::equalsIgnoreCase(oldUserName, record.employee.userName)) {
      auto holder = repo.findUserByUserName(record.employee.userName);
      if (!holder.isOk()) return holder.status();
      if (holder->has_value() && (**holder).employee.id != record.employee.id) {
        return taken("userName \"" + record.employee.userName + "\" is already taken");
      }
    }
    TDM_RETURN_IF_ERROR(repo.saveUser(record));
    TDM_RETURN_IF_ERROR(audit(call, call.method == "PUT" ? "scim.user.replace" : "scim.user.patch",
                              record.employee.userName,
                              {{"active", record.employee.active}}));
    auto stored = repo.findUser(id, true);
    if (!stored.isOk()) return stored.status();
    rendered = scim::renderUser(**stored, call.baseUrl);
    return core::Status::ok();
  });
  if (!status.isOk()) return errorOf(status);
  const std::string version = rendered["meta"]["version"];
  return withVersion(scimJson(200, project(rendered, scim::userResourceType(), call)), version,
                     "");
}

Response replaceUser(ScimCall& call, const std::string& id) {
  auto raw = parseBody(call);
  if (!raw.isOk()) return errorOf(raw.status());
  const auto sentId = raw->find("id");
  if (sentId != raw->end() && sentId->is_string() && sentId->get<std::string>() != id) {
    return errorOf(invalid("id is read-only: the body names \"" + sentId->get<std::string>() +
                               "\", the URL \"" + id + "\"",
                           scim::kMutability));
  }
  auto body = resourceBody(call, scim::userResourceType());
  if (!body.isOk()) return errorOf(body.status());
  return updateUser(call, id, [&](json& resource) -> core::Status {
    json next = *body;
    next["id"] = resource["id"];
    resource = std::move(next);
    return core::Status::ok();
  });
}

Response patchUser(ScimCall& call, const std::string& id) {
  auto body = parseBody(call);
  if (!body.isOk()) return errorOf(body.status());
  auto ops = scim::parsePatchRequest(*body);
  if (!ops.isOk()) return errorOf(ops.status());
  return updateUser(call, id, [&](json& resource) -> core::Status {
    return scim::applyPatch(resource, scim::userResourceType(), *ops);
  });
}

Response deleteUser(ScimCall& call, const std::string& id) {
  core::Status status = call.store.transaction([&]() -> core::Status {
    auto current = findUserOr404(call, id, false);
    if (!current.isOk()) return current.status();
    const json resource = scim::renderUser(*current, call.baseUrl);
    TDM_RETURN_IF_ERROR(checkIfMatch(call, resource["meta"]["version"]));
    TDM_RETURN_IF_ERROR(checkOwner(current->employee.source, "User \"" + id + "\""));
    TDM_RETURN_IF_ERROR(call.store.scim().deleteUser(current->employee.id));
    return audit(call, "scim.user.delete", current->employee.userName);
  });
  if (!status.isOk()) return errorOf(status);
  return Response::noContent();
}

Response getUser(ScimCall& call, const std::string& id) {
  auto record = findUserOr404(call, id, wantsList(call.attributes, call.excludedAttributes, "groups"));
  if (!record.isOk()) return errorOf(record.status());
  json rendered = scim::renderUser(*record, call.baseUrl);
  const std::string version = rendered["meta"]["version"];
  if (!call.ifNoneMatch.empty() && tagMatches(call.ifNoneMatch, version)) {
    Response r;
    r.status = 304;
    r.headers.emplace_back("ETag", version);
    return r;
  }
  return withVersion(scimJson(200, project(rendered, scim::userResourceType(), call)), version,
                     "");
}

// ---------------------------------------------------------------------------------------------
// Groups

core::Result<GroupRecord> findGroupOr404(ScimCall& call, const std::string& id, bool withMembers) {
  auto found = call.store.scim().findGroup(id, withMembers);
  if (!found.isOk()) return found.status();
  if (!found->has_value()) return core::notFound("no Group has the id \"" + id + "\"");
  return std::move(**found);
}

// The "value" of each element of a members array.
core::Result<std::vector<std::string>> memberIds(const json& members) {
  std::vector<std::string> ids;
  if (members.is_null()) return ids;
  const json list = members.is_array() ? members : json::array({members});
  for (const json& m : list) {
    if (m.is_string()) {
      ids.push_back(m.get<std::string>());
      continue;
    }
    if (!m.is_object() || !m.contains("value") || !m["value"].is_string()) {
      return invalid("each member needs a \"value\" holding the id of a User or Group",
                     scim::kInvalidValue);
    }
    ids.push_back(m["value"].get<std::string>());
  }
  return ids;
}

core::Result<std::string> groupName(const json& body) {
  const auto it = body.find("displayName");
  if (it == body.end() || !it->is_string() ||
      it->get<std::string>().find_first_not_of(" \t") == std::string::npos) {
    return invalid("displayName is required", scim::kInvalidValue);
  }
  return it->get<std::string>();
}

core::Status nameTaken(ScimCall& call, const std::string& name, int64_t exceptRow) {
  scim::ListQuery q;
  auto filter = scim::parseFilter("displayName eq " + json(name).dump());
  if (!filter.isOk()) return filter.status();
  q.filter = std::move(filter).value();
  q.withMembers = false;
  auto found = call.store.scim().listGroups(q);
  if (!found.isOk()) return found.status();
  for (const auto& g : found->items) {
    if (g.rowId != exceptRow) {
      std::string message = "a Group named \"" + g.displayName + "\" already exists";
      if (g.source != "scim") message += " (managed by " + std::string(ownerName(g.source)) + ")";
      return taken(message);
    }
  }
  return core::Status::ok();
}

Response groupResponse(ScimCall& call, int status, const std::string& id) {
  const bool withMembers = wantsList(call.attributes, call.excludedAttributes, "members");
  auto record = findGroupOr404(call, id, withMembers);
  if (!record.isOk()) return errorOf(record.status());
  json rendered = scim::renderGroup(*record, call.baseUrl, withMembers);
  const std::string version = rendered["meta"]["version"];
  const std::string location = status == 201 ? std::string(rendered["meta"]["location"]) : "";
  return withVersion(scimJson(status, project(rendered, scim::groupResourceType(), call)), version,
                     location);
}

Response createGroup(ScimCall& call) {
  auto body = resourceBody(call, scim::groupResourceType());
  if (!body.isOk()) return errorOf(body.status());
  auto name = groupName(*body);
  if (!name.isOk()) return errorOf(name.status());
  auto members = memberIds(body->value("members", json()));
  if (!members.isOk()) return errorOf(members.status());
  GroupRecord record;
  record.id = scim::newResourceId();
  record.displayName = *name;
  if (body->contains("externalId") && (*body)["externalId"].is_string()) {
    record.scimExternalId = (*body)["externalId"];
  }
  core::Status status = call.store.transaction([&]() -> core::Status {
    TDM_RETURN_IF_ERROR(nameTaken(call, record.displayName, 0));
    TDM_RETURN_IF_ERROR(call.store.scim().saveGroup(record));
    if (!members->empty()) TDM_RETURN_IF_ERROR(call.store.scim().addMembers(record.rowId, *members));
    return audit(call, "scim.group.create", record.displayName,
                 {{"members", members->size()}});
  });
  if (!status.isOk()) return errorOf(status);
  return groupResponse(call, 201, record.id);
}

Response getGroup(ScimCall& call, const std::string& id) {
  const bool withMembers = wantsList(call.attributes, call.excludedAttributes, "members");
  auto record = findGroupOr404(call, id, withMembers);
  if (!record.isOk()) return errorOf(record.status());
  const std::string version = scim::groupVersion(record->version);
  if (!call.ifNoneMatch.empty() && tagMatches(call.ifNoneMatch, version)) {
    Response r;
    r.status = 304;
    r.headers.emplace_back("ETag", version);
    return r;
  }
  json rendered = scim::renderGroup(*record, call.baseUrl, withMembers);
  return withVersion(scimJson(200, project(rendered, scim::groupResourceType(), call)), version,
                     "");
}

Response replaceGroup(ScimCall& call, const std::string& id) {
  auto body = resourceBody(call, scim::groupResourceType());
  if (!body.isOk()) return errorOf(body.status());
  auto name = groupName(*body);
  if (!name.isOk()) return errorOf(name.status());
  auto members = memberIds(body->value("members", json()));
  if (!members.isOk()) return errorOf(members.status());
  core::Status status = call.store.transaction([&]() -> core::Status {
    auto current = findGroupOr404(call, id, false);
    if (!current.isOk()) return current.status();
    GroupRecord record = std::move(current).value();
    TDM_RETURN_IF_ERROR(checkIfMatch(call, scim::groupVersion(record.version)));
    TDM_RETURN_IF_ERROR(checkOwner(record.source, "Group \"" + id + "\""));
    TDM_RETURN_IF_ERROR(nameTaken(call, *name, record.rowId));
    record.displayName = *name;
    record.scimExternalId = body->value("externalId", std::string());
    auto& repo = call.store.scim();
    TDM_RETURN_IF_ERROR(repo.saveGroup(record));
    TDM_RETURN_IF_ERROR(repo.removeAllMembers(record.rowId));
    if (!members->empty()) TDM_RETURN_IF_ERROR(repo.addMembers(record.rowId, *members));
    return audit(call, "scim.group.replace", record.displayName, {{"members", members->size()}});
  });
  if (!status.isOk()) return errorOf(status);
  return groupResponse(call, 200, id);
}

bool isMembersPath(const scim::PatchOperation& op) {
  return op.path && op.path->attr.sub.empty() && op.path->subAttr.empty() &&
         scim::equalsIgnoreCase(op.path->attr.name, "members") &&
         (op.path->attr.schema.empty() ||
          scim::equalsIgnoreCase(op.path->attr.schema, scim::kGroupSchema));
}

// The ids a member filter names when it is `value eq "x"` or an "or" of those; nullopt for any
// other filter (then the members are read and the filter evaluated on each).
std::optional<std::vector<std::string>> idsOfFilter(const scim::Filter& f) {
  using Kind = scim::Filter::Kind;
  if (f.kind == Kind::kCompare && f.op == scim::CompareOp::kEq &&
      scim::equalsIgnoreCase(f.attr.name, "value") && f.attr.sub.empty() && f.value.is_string()) {
    return std::vector<std::string>{f.value.get<std::string>()};
  }
  if (f.kind == Kind::kOr) {
    auto l = idsOfFilter(*f.left);
    auto r = idsOfFilter(*f.right);
    if (!l || !r) return std::nullopt;
    l->insert(l->end(), r->begin(), r->end());
    return l;
  }
  return std::nullopt;
}

// Applies one operation on members as row changes (a 50,000-member group is never read whole).
core::Status applyMemberOp(ScimCall& call, const GroupRecord& group,
                           const scim::PatchOperation& op) {
  auto& repo = call.store.scim();
  using Op = scim::PatchOperation::Op;
  if (op.path->filter) {
    if (op.op != Op::kRemove || !op.path->subAttr.empty()) {
      return invalid("members[...] can only be removed; add members with \"path\":\"members\"",
                     scim::kInvalidPath);
    }
    auto ids = idsOfFilter(*op.path->filter);
    if (!ids) {
      auto full = findGroupOr404(call, group.id, true);
      if (!full.isOk()) return full.status();
      ids.emplace();
      for (const auto& m : full->members) {
        const json element = {{"value", m.id}, {"display", m.display}, {"type", m.type}};
        if (scim::matches(*op.path->filter, element)) ids->push_back(m.id);
      }
    }
    return repo.removeMembers(group.rowId, *ids);
  }
  auto ids = memberIds(op.value);
  if (!ids.isOk()) return ids.status();
  switch (op.op) {
    case Op::kAdd:
      if (ids->empty()) return invalid("add members needs a value", scim::kInvalidValue);
      return repo.addMembers(group.rowId, *ids);
    case Op::kRemove:
      // Entra's legacy form names the members in "value"; without one, every member goes.
      if (op.value.is_null()) return repo.removeAllMembers(group.rowId);
      return repo.removeMembers(group.rowId, *ids);
    case Op::kReplace:
      TDM_RETURN_IF_ERROR(repo.removeAllMembers(group.rowId));
      return ids->empty() ? core::Status::ok() : repo.addMembers(group.rowId, *ids);
  }
  return core::Status::ok();
}

Response patchGroup(ScimCall& call, const std::string& id) {
  auto body = parseBody(call);
  if (!body.isOk()) return errorOf(body.status());
  auto parsed = scim::parsePatchRequest(*body);
  if (!parsed.isOk()) return errorOf(parsed.status());
  core::Status status = call.store.transaction([&]() -> core::Status {
    auto current = findGroupOr404(call, id, false);
    if (!current.isOk()) return current.status();
    GroupRecord group = std::move(current).value();
    TDM_RETURN_IF_ERROR(checkIfMatch(call, scim::groupVersion(group.version)));
    TDM_RETURN_IF_ERROR(checkOwner(group.source, "Group \"" + id + "\""));
    json resource = scim::renderGroup(group, call.baseUrl, false);
    size_t memberChanges = 0;
    for (const auto& original : *parsed) {
      scim::PatchOperation op = original;
      if (isMembersPath(op) ||
          (op.path && scim::equalsIgnoreCase(op.path->attr.name, "members"))) {
        TDM_RETURN_IF_ERROR(applyMemberOp(call, group, op));
        ++memberChanges;
        continue;
      }
      if (!op.path && op.value.is_object()) {
        // Path-less: "members" inside the value is a member change, the rest a plain patch.
        for (auto it = op.value.begin(); it != op.value.end();) {
          if (scim::equalsIgnoreCase(it.key(), "members")) {
            scim::PatchOperation members = op;
            members.path = scim::PatchPath{{"", "members", ""}, std::nullopt, ""};
            members.value = it.value();
            TDM_RETURN_IF_ERROR(applyMemberOp(call, group, members));
            ++memberChanges;
            it = op.value.erase(it);
          } else {
            ++it;
          }
        }
        if (op.value.empty()) continue;
      }
      TDM_RETURN_IF_ERROR(scim::applyPatch(resource, scim::groupResourceType(), {op}));
    }
    auto name = groupName(resource);
    if (!name.isOk()) return name.status();
    const std::string externalId = resource.value("externalId", std::string());
    if (*name != group.displayName || externalId != group.scimExternalId) {
      if (!scim::equalsIgnoreCase(*name, group.displayName)) {
        TDM_RETURN_IF_ERROR(nameTaken(call, *name, group.rowId));
      }
      group.displayName = *name;
      group.scimExternalId = externalId;
      TDM_RETURN_IF_ERROR(call.store.scim().saveGroup(group));
    }
    return audit(call, "scim.group.patch", group.displayName,
                 {{"operations", parsed->size()}, {"member_operations", memberChanges}});
  });
  if (!status.isOk()) return errorOf(status);
  // 204: answering with a 50,000-member group would cost more than the change.
  if (call.attributes.empty()) {
    auto version = findGroupOr404(call, id, false);
    if (!version.isOk()) return errorOf(version.status());
    Response r = Response::noContent();
    r.headers.emplace_back("ETag", scim::groupVersion(version->version));
    return r;
  }
  return groupResponse(call, 200, id);
}

Response deleteGroup(ScimCall& call, const std::string& id) {
  core::Status status = call.store.transaction([&]() -> core::Status {
    auto current = findGroupOr404(call, id, false);
    if (!current.isOk()) return current.status();
    TDM_RETURN_IF_ERROR(checkIfMatch(call, scim::groupVersion(current->version)));
    TDM_RETURN_IF_ERROR(checkOwner(current->source, "Group \"" + id + "\""));
    TDM_RETURN_IF_ERROR(call.store.scim().deleteGroup(current->rowId));
    return audit(call, "scim.group.delete", current->displayName);
  });
  if (!status.isOk()) return errorOf(status);
  return Response::noContent();
}

Response methodNotAllowed(const std::string& method, const char* allowed) {
  Response r = scimError(405, method + " is not allowed here");
  r.headers.emplace_back("Allow", allowed);
  return r;
}

json listResponse(int64_t total, int64_t startIndex, json resources) {
  const int64_t items = static_cast<int64_t>(resources.size());
  return {{"schemas", json::array({std::string(scim::kListResponseSchema)})},
          {"totalResults", total},
          {"startIndex", startIndex},
          {"itemsPerPage", items},
          {"Resources", std::move(resources)}};
}

scim::ListQuery toQuery(const ListParams& params, const char* listAttribute) {
  scim::ListQuery q;
  q.filter = params.filter;
  q.sortBy = params.sortBy;
  q.descending = params.descending;
  q.startIndex = params.startIndex;
  q.count = params.count;
  q.withMembers = wantsList(params.attributes, params.excludedAttributes, listAttribute);
  return q;
}

}  // namespace

Response scimJson(int status, const json& body) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/scim+json; charset=utf-8");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = core::jsonText(body);
  return r;
}

core::Result<json> listUsersJson(ScimCall& call, const ListParams& params) {
  auto page = call.store.scim().listUsers(toQuery(params, "groups"));
  if (!page.isOk()) return page.status();
  json resources = json::array();
  for (const auto& record : page->items) {
    json rendered = scim::renderUser(record, call.baseUrl);
    projectIfAsked(rendered, scim::userResourceType(), params.attributes,
                   params.excludedAttributes);
    resources.push_back(std::move(rendered));
  }
  return listResponse(page->total, params.startIndex, std::move(resources));
}

core::Result<json> listGroupsJson(ScimCall& call, const ListParams& params) {
  const scim::ListQuery query = toQuery(params, "members");
  auto page = call.store.scim().listGroups(query);
  if (!page.isOk()) return page.status();
  json resources = json::array();
  for (const auto& record : page->items) {
    json rendered = scim::renderGroup(record, call.baseUrl, query.withMembers);
    projectIfAsked(rendered, scim::groupResourceType(), params.attributes,
                   params.excludedAttributes);
    resources.push_back(std::move(rendered));
  }
  return listResponse(page->total, params.startIndex, std::move(resources));
}

namespace {

// The handlers of one resource type, and how its collection is listed.
struct ResourceHandlers {
  Response (*create)(ScimCall&);
  core::Result<json> (*list)(ScimCall&, const ListParams&);
  Response (*get)(ScimCall&, const std::string&);
  Response (*replace)(ScimCall&, const std::string&);
  Response (*patch)(ScimCall&, const std::string&);
  Response (*remove)(ScimCall&, const std::string&);
};

Response dispatch(ScimCall& call, const std::string& id, const ResourceHandlers& h) {
  if (id.empty()) {
    if (call.method == "POST") return h.create(call);
    if (call.method != "GET") return methodNotAllowed(call.method, "GET, POST");
    auto params = listParamsFromQuery(call.query);
    if (!params.isOk()) return errorOf(params.status());
    auto listed = h.list(call, *params);
    if (!listed.isOk()) return errorOf(listed.status());
    return scimJson(200, *listed);
  }
  if (call.method == "GET") return h.get(call, id);
  if (call.method == "PUT") return h.replace(call, id);
  if (call.method == "PATCH") return h.patch(call, id);
  if (call.method == "DELETE") return h.remove(call, id);
  return methodNotAllowed(call.method, "GET, PUT, PATCH, DELETE");
}

}  // namespace

Response handleUsers(ScimCall& call, const std::string& id) {
  static const ResourceHandlers kUsers{createUser, listUsersJson, getUser,
                                       replaceUser, patchUser,    deleteUser};
  return dispatch(call, id, kUsers);
}

Response handleGroups(ScimCall& call, const std::string& id) {
  static const ResourceHandlers kGroups{createGroup, listGroupsJson, getGroup,
                                        replaceGroup, patchGroup,    deleteGroup};
  return dispatch(call, id, kGroups);
}

}  // namespace tandem::http::internal
