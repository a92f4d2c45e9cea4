#include "scim/filter.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace tandem::scim {
namespace {

using nlohmann::json;

constexpr std::string_view kEnterprise =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

std::string_view opName(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "eq";
    case CompareOp::kNe:
      return "ne";
    case CompareOp::kCo:
      return "co";
    case CompareOp::kSw:
      return "sw";
    case CompareOp::kEw:
      return "ew";
    case CompareOp::kGt:
      return "gt";
    case CompareOp::kGe:
      return "ge";
    case CompareOp::kLt:
      return "lt";
    case CompareOp::kLe:
      return "le";
  }
  return "?";
}

// The tree as an S-expression: (and (eq a 1) (pr b)); a bare value is marked with "~".
std::string render(const Filter& f) {
  switch (f.kind) {
    case Filter::Kind::kCompare:
      return "(" + std::string(opName(f.op)) + " " + f.attr.toString() + " " + f.value.dump() +
             (f.bareValue ? "~" : "") + ")";
    case Filter::Kind::kPresent:
      return "(pr " + f.attr.toString() + ")";
    case Filter::Kind::kAnd:
      return "(and " + render(*f.left) + " " + render(*f.right) + ")";
    case Filter::Kind::kOr:
      return "(or " + render(*f.left) + " " + render(*f.right) + ")";
    case Filter::Kind::kNot:
      return "(not " + render(*f.left) + ")";
    case Filter::Kind::kValuePath:
      return "(" + f.attr.toString() + "[" + render(*f.left) + "])";
  }
  return "?";
}

// The rendered tree of a filter that must parse, or the error message.
std::string parsed(std::string_view text) {
  auto r = parseFilter(text);
  if (!r.isOk()) return "ERROR " + r.status().message();
  return render(r.value());
}

Filter parseOk(std::string_view text) {
  auto r = parseFilter(text);
  EXPECT_TRUE(r.isOk()) << text << " -> " << r.status().message();
  return r.isOk() ? r.value() : Filter{};
}

// Asserts `text` is an invalid filter whose message contains `fragment`; returns the message.
std::string expectInvalidFilter(std::string_view text, std::string_view fragment) {
  auto r = parseFilter(text);
  EXPECT_FALSE(r.isOk()) << text << " parsed as " << (r.isOk() ? render(r.value()) : "");
  if (r.isOk()) return "";
  EXPECT_EQ(r.status().code(), core::StatusCode::kInvalidArgument) << text;
  EXPECT_EQ(r.status().errorCode(), "invalidFilter") << text;
  EXPECT_NE(r.status().message().find(fragment), std::string::npos)
      << "filter: " << text << "\nmessage: " << r.status().message() << "\nexpected: " << fragment;
  return r.status().message();
}

std::string expectInvalidPath(std::string_view text, std::string_view fragment) {
  auto r = parsePatchPath(text);
  EXPECT_FALSE(r.isOk()) << text;
  if (r.isOk()) return "";
  EXPECT_EQ(r.status().code(), core::StatusCode::kInvalidArgument) << text;
  EXPECT_EQ(r.status().errorCode(), "invalidPath") << text;
  EXPECT_NE(r.status().message().find(fragment), std::string::npos)
      << "path: " << text << "\nmessage: " << r.status().message() << "\nexpected: " << fragment;
  return r.status().message();
}

// ---------------------------------------------------------------------------------------------
// Parsing: operators, precedence, grouping.

TEST(FilterParse, EveryComparisonOperator) {
  const std::vector<std::pair<std::string, CompareOp>> ops = {
      {"eq", CompareOp::kEq}, {"ne", CompareOp::kNe}, {"co", CompareOp::kCo},
      {"sw", CompareOp::kSw}, {"ew", CompareOp::kEw}, {"gt", CompareOp::kGt},
      {"ge", CompareOp::kGe}, {"lt", CompareOp::kLt}, {"le", CompareOp::kLe}};
  for (const auto& [word, op] : ops) {
    const Filter f = parseOk("title " + word + " \"Boss\"");
    EXPECT_EQ(f.kind, Filter::Kind::kCompare) << word;
    EXPECT_EQ(f.op, op) << word;
    EXPECT_EQ(f.attr.name, "title");
    EXPECT_EQ(f.value, json("Boss"));
    EXPECT_FALSE(f.bareValue);
  }
}

TEST(FilterParse, PresentTakesNoValue) {
  const Filter f = parseOk("title pr");
  EXPECT_EQ(f.kind, Filter::Kind::kPresent);
  EXPECT_EQ(f.attr.name, "title");
  EXPECT_EQ(parsed("title PR and nickName Pr"), "(and (pr title) (pr nickName))");
}

TEST(FilterParse, AndBindsTighterThanOr) {
  EXPECT_EQ(parsed("a eq 1 or b eq 2 and c eq 3"), "(or (eq a 1) (and (eq b 2) (eq c 3)))");
  EXPECT_EQ(parsed("a eq 1 and b eq 2 or c eq 3"), "(or (and (eq a 1) (eq b 2)) (eq c 3))");
}

TEST(FilterParse, LogicalOperatorsAreLeftAssociative) {
  EXPECT_EQ(parsed("a pr and b pr and c pr"), "(and (and (pr a) (pr b)) (pr c))");
  EXPECT_EQ(parsed("a pr or b pr or c pr"), "(or (or (pr a) (pr b)) (pr c))");
}

TEST(FilterParse, ParenthesesOverridePrecedence) {
  EXPECT_EQ(parsed("(a eq 1 or b eq 2) and c eq 3"), "(and (or (eq a 1) (eq b 2)) (eq c 3))");
  EXPECT_EQ(parsed("((a pr))"), "(pr a)");
  EXPECT_EQ(parsed("(a pr)and(b pr)"), "(and (pr a) (pr b))");
  EXPECT_EQ(parsed("( a pr )"), "(pr a)");
}

TEST(FilterParse, NotNeedsParenthesesWithOrWithoutSpace) {
  EXPECT_EQ(parsed("not (a pr)"), "(not (pr a))");
  EXPECT_EQ(parsed("not(a pr)"), "(not (pr a))");
  EXPECT_EQ(parsed("NOT   (a pr or b pr)"), "(not (or (pr a) (pr b)))");
  EXPECT_EQ(parsed("a pr and not (b pr)"), "(and (pr a) (not (pr b)))");
  EXPECT_EQ(parsed("not (not (a pr))"), "(not (not (pr a)))");
}

TEST(FilterParse, NotIsStillAValidAttributeName) {
  EXPECT_EQ(parsed("not pr"), "(pr not)");
  EXPECT_EQ(parsed("not eq \"x\""), "(eq not \"x\")");
}

TEST(FilterParse, KeywordsOperatorsAndNamesAreCaseInsensitive) {
  EXPECT_EQ(parsed("USERNAME EQ \"x\""), "(eq USERNAME \"x\")");
  EXPECT_EQ(parsed("userName Eq \"x\""), "(eq userName \"x\")");
  EXPECT_EQ(parsed("a pr And b pr OR c pr"), "(or (and (pr a) (pr b)) (pr c))");
  EXPECT_EQ(parsed("Not (a pr)"), "(not (pr a))");
  // The spelling of the request is kept; comparisons of names ignore case.
  EXPECT_TRUE(equalsIgnoreCase("userName", "USERNAME"));
  EXPECT_TRUE(equalsIgnoreCase("", ""));
  EXPECT_FALSE(equalsIgnoreCase("userName", "userNam"));
  EXPECT_FALSE(equalsIgnoreCase("a", "b"));
}

TEST(FilterParse, WhitespaceAroundAndBetweenTokens) {
  EXPECT_EQ(parsed("  userName   eq\t\"x\"  "), "(eq userName \"x\")");
  EXPECT_EQ(parsed("\ta pr\tand\tb pr\n"), "(and (pr a) (pr b))");
  // A quoted value may follow the operator directly.
  EXPECT_EQ(parsed("userName eq\"x\""), "(eq userName \"x\")");
}

TEST(FilterParse, RfcExamples) {
  // Every example of RFC 7644 section 3.4.2.2.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"(userName Eq "john")", R"((eq userName "john"))"},
      {R"(name.familyName co "O'Malley")", R"((co name.familyName "O'Malley"))"},
      {R"(userName sw "J")", R"((sw userName "J"))"},
      {R"(urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J")",
       R"((sw urn:ietf:params:scim:schemas:core:2.0:User:userName "J"))"},
      {"title pr", "(pr title)"},
      {R"(meta.lastModified gt "2011-05-13T04:42:34Z")",
       R"((gt meta.lastModified "2011-05-13T04:42:34Z"))"},
      {R"(meta.lastModified ge "2011-05-13T04:42:34Z")",
       R"((ge meta.lastModified "2011-05-13T04:42:34Z"))"},
      {R"(meta.lastModified lt "2011-05-13T04:42:34Z")",
       R"((lt meta.lastModified "2011-05-13T04:42:34Z"))"},
      {R"(meta.lastModified le "2011-05-13T04:42:34Z")",
       R"((le meta.lastModified "2011-05-13T04:42:34Z"))"},
      {R"(title pr and userType eq "Employee")", R"((and (pr title) (eq userType "Employee")))"},
      {R"(title pr or userType eq "Intern")", R"((or (pr title) (eq userType "Intern")))"},
      {R"(schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")",
       R"((eq schemas "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"))"},
      {R"(userType eq "Employee" and (emails co "example.com" or emails.value co "example.org"))",
       R"((and (eq userType "Employee") (or (co emails "example.com") (co emails.value "example.org"))))"},
      {R"(userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org"))",
       R"((and (ne userType "Employee") (not (or (co emails "example.com") (co emails.value "example.org")))))"},
      {R"(userType eq "Employee" and (emails.type eq "work"))",
       R"((and (eq userType "Employee") (eq emails.type "work")))"},
      {R"(userType eq "Employee" and emails[type eq "work" and value co "@example.com"])",
       R"((and (eq userType "Employee") (emails[(and (eq type "work") (co value "@example.com"))])))"},
      {R"(emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"])",
       R"((or (emails[(and (eq type "work") (co value "@example.com"))]) (ims[(and (eq type "xmpp") (co value "@foo.com"))])))"},
  };
  for (const auto& [text, tree] : cases) EXPECT_EQ(parsed(text), tree) << text;
}

TEST(FilterParse, ValuePathHoldsTheInnerFilter) {
  const Filter f = parseOk(R"(emails[type eq "work" and value co "@example.com"])");
  ASSERT_EQ(f.kind, Filter::Kind::kValuePath);
  EXPECT_EQ(f.attr.name, "emails");
  ASSERT_NE(f.left, nullptr);
  EXPECT_EQ(f.left->kind, Filter::Kind::kAnd);
  EXPECT_EQ(f.right, nullptr);
  EXPECT_EQ(parsed(R"(emails[ not (type eq "home") ])"), R"((emails[(not (eq type "home"))]))");
  EXPECT_EQ(parsed(R"(emails[(type eq "work")])"), R"((emails[(eq type "work")]))");
  EXPECT_EQ(parsed("x[value pr] and y[value pr]"), "(and (x[(pr value)]) (y[(pr value)]))");
}

TEST(FilterParse, UrnPrefixedPaths) {
  Filter f = parseOk(std::string(kEnterprise) + ":employeeNumber eq \"1\"");
  EXPECT_EQ(f.attr.schema, kEnterprise);
  EXPECT_EQ(f.attr.name, "employeeNumber");
  EXPECT_EQ(f.attr.sub, "");

  f = parseOk(std::string(kEnterprise) + ":manager.value eq \"x\"");
  EXPECT_EQ(f.attr.schema, kEnterprise);
  EXPECT_EQ(f.attr.name, "manager");
  EXPECT_EQ(f.attr.sub, "value");
  EXPECT_EQ(f.attr.toString(), std::string(kEnterprise) + ":manager.value");

  f = parseOk("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\"");
  EXPECT_EQ(f.attr.schema, "urn:ietf:params:scim:schemas:core:2.0:User");
  EXPECT_EQ(f.attr.name, "userName");

  f = parseOk("URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:USERNAME eq \"x\"");
  EXPECT_EQ(f.attr.schema, "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER");
  EXPECT_EQ(f.attr.name, "USERNAME");

  EXPECT_EQ(parsed(std::string(kEnterprise) + ":manager[value eq \"x\"]"),
            "(" + std::string(kEnterprise) + ":manager[(eq value \"x\")])");
}

TEST(FilterParse, AttributeNamesWithDigitsDashUnderscoreAndRef) {
  EXPECT_EQ(parsed("x509Certificates.value pr"), "(pr x509Certificates.value)");
  EXPECT_EQ(parsed("my-attr_2 eq 1"), "(eq my-attr_2 1)");
  EXPECT_EQ(parsed("members.$ref eq \"https://x/Users/1\""),
            "(eq members.$ref \"https://x/Users/1\")");
  EXPECT_EQ(parsed("$ref pr"), "(pr $ref)");
}

TEST(AttrPath, ToStringJoinsSchemaNameAndSub) {
  EXPECT_EQ((AttrPath{"", "userName", ""}.toString()), "userName");
  EXPECT_EQ((AttrPath{"", "name", "givenName"}.toString()), "name.givenName");
  EXPECT_EQ((AttrPath{"urn:x:y", "manager", "value"}.toString()), "urn:x:y:manager.value");
}

// ---------------------------------------------------------------------------------------------
// Parsing: values.

TEST(FilterValue, StringEscapes) {
  EXPECT_EQ(parseOk(R"(a eq "q\"b\\s\/f\bf\fn\nr\rt\t")").value, json("q\"b\\s/f\bf\fn\nr\rt\t"));
  EXPECT_EQ(parseOk(R"(a eq "")").value, json(""));
  EXPECT_EQ(parseOk(R"(a eq "with space and (parens) [brackets] and \"or\"")").value,
            json("with space and (parens) [brackets] and \"or\""));
}

TEST(FilterValue, UnicodeEscapesDecodeToUtf8) {
  EXPECT_EQ(parseOk(R"(a eq "caf\u00e9")").value, json("caf\xC3\xA9"));
  EXPECT_EQ(parseOk(R"(a eq "\u20AC")").value, json("\xE2\x82\xAC"));
  EXPECT_EQ(parseOk(R"(a eq "\ud83d\ude00")").value, json("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_EQ(parseOk(R"(a eq "\u0041")").value, json("A"));
  // Raw UTF-8 is kept as is.
  EXPECT_EQ(parseOk("displayName eq \"J\xC3\xBCrgen M\xC3\xBCller\"").value,
            json("J\xC3\xBCrgen M\xC3\xBCller"));
}

TEST(FilterValue, Numbers) {
  Filter f = parseOk("loginCount eq 42");
  EXPECT_TRUE(f.value.is_number_integer());
  EXPECT_EQ(f.value, json(42));
  EXPECT_FALSE(f.bareValue);
  EXPECT_EQ(parseOk("x gt -7").value, json(-7));
  EXPECT_EQ(parseOk("x lt 0").value, json(0));
  f = parseOk("x ge 1.25");
  EXPECT_TRUE(f.value.is_number_float());
  EXPECT_DOUBLE_EQ(f.value.get<double>(), 1.25);
  EXPECT_DOUBLE_EQ(parseOk("x le -2.5e3").value.get<double>(), -2500.0);
  EXPECT_DOUBLE_EQ(parseOk("x le 1E-2").value.get<double>(), 0.01);
  EXPECT_DOUBLE_EQ(parseOk("x le 2e+2").value.get<double>(), 200.0);
}

TEST(FilterValue, LiteralsAreCaseInsensitive) {
  EXPECT_EQ(parseOk("active eq true").value, json(true));
  EXPECT_EQ(parseOk("active eq True").value, json(true));
  EXPECT_EQ(parseOk("active eq FALSE").value, json(false));
  EXPECT_EQ(parseOk("nickName eq null").value, json(nullptr));
  EXPECT_EQ(parseOk("nickName ne NULL").value, json(nullptr));
  EXPECT_FALSE(parseOk("active eq True").bareValue);
  // Quoted, they are strings.
  EXPECT_EQ(parseOk("active eq \"true\"").value, json("true"));
}

TEST(FilterValue, EntraBareValuesAreStrings) {
  Filter f = parseOk("externalId eq 1d2f7a4e-8c3b-4b8e-9f3e-2a6b5c4d3e2f");
  EXPECT_EQ(f.kind, Filter::Kind::kCompare);
  EXPECT_EQ(f.attr.name, "externalId");
  EXPECT_EQ(f.value, json("1d2f7a4e-8c3b-4b8e-9f3e-2a6b5c4d3e2f"));
  EXPECT_TRUE(f.bareValue);

  f = parseOk("externalId eq 6d2a7c3e-1c1f-4b1b-9b77-0f4f4f1f1f1f");
  EXPECT_EQ(f.value, json("6d2a7c3e-1c1f-4b1b-9b77-0f4f4f1f1f1f"));
  EXPECT_TRUE(f.bareValue);

  f = parseOk("userName eq user@contoso.com");
  EXPECT_EQ(f.value, json("user@contoso.com"));
  EXPECT_TRUE(f.bareValue);

  // A bare value ends at a parenthesis or bracket.
  EXPECT_EQ(parsed("(externalId eq abc-1)"), R"((eq externalId "abc-1"~))");
  EXPECT_EQ(parsed("emails[value eq a@b.com]"), R"((emails[(eq value "a@b.com"~)]))");
  EXPECT_EQ(parsed("externalId eq abc and active eq true"),
            R"((and (eq externalId "abc"~) (eq active true)))");
}

TEST(FilterValue, UnquotedNumberIsANumberButLeadingZerosStayText) {
  Filter f = parseOk("externalId eq 12345");
  EXPECT_EQ(f.value, json(12345));
  EXPECT_FALSE(f.bareValue);
  f = parseOk("externalId eq 00123");
  EXPECT_EQ(f.value, json("00123"));
  EXPECT_TRUE(f.bareValue);
  f = parseOk("externalId eq 1.2.3");
  EXPECT_EQ(f.value, json("1.2.3"));
  EXPECT_TRUE(f.bareValue);
  f = parseOk("externalId eq -");
  EXPECT_EQ(f.value, json("-"));
  EXPECT_TRUE(f.bareValue);
}

TEST(FilterValue, EntraAndOktaLookups) {
  // As Entra ID's provisioning service sends them.
  Filter f = parseOk(R"(userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081")");
  EXPECT_EQ(f.value, json("Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"));
  EXPECT_FALSE(f.bareValue);
  EXPECT_EQ(parsed(R"(displayName eq "Group_7a1f3c2e-9b8d-4c6e-a5f4-3b2a1c0d9e8f")"),
            R"((eq displayName "Group_7a1f3c2e-9b8d-4c6e-a5f4-3b2a1c0d9e8f"))");
  // As Okta sends them.
  EXPECT_EQ(parsed(R"(userName eq "a@b.com")"), R"((eq userName "a@b.com"))");
  EXPECT_EQ(parsed(R"(userName sw "a")"), R"((sw userName "a"))");
}

// ---------------------------------------------------------------------------------------------
// Parsing: refusals, each with its detail and a message naming the position.

TEST(FilterInvalid, EmptyFilter) {
  expectInvalidFilter("", "invalid filter: the filter is empty");
  expectInvalidFilter("   \t ", "invalid filter: the filter is empty");
}

TEST(FilterInvalid, MissingOperator) {
  EXPECT_EQ(expectInvalidFilter("userName", "position 9"),
            "invalid filter at position 9: expected a comparison operator (eq, ne, co, sw, ew, gt, "
            "ge, lt, le, pr) after \"userName\", found the end of the filter");
  EXPECT_EQ(expectInvalidFilter("userName xx \"x\"", "position 10"),
            "invalid filter at position 10: expected a comparison operator (eq, ne, co, sw, ew, "
            "gt, ge, lt, le, pr) after \"userName\", found \"xx\"");
  expectInvalidFilter("userNameeq \"x\"",
                      "at position 12: expected a comparison operator (eq, ne, co, sw, ew, gt, ge, "
                      "lt, le, pr) after \"userNameeq\", found a quotation mark");
  expectInvalidFilter("userName = \"x\"", "at position 10: expected a comparison operator");
}

TEST(FilterInvalid, MissingValue) {
  EXPECT_EQ(expectInvalidFilter("userName eq", "position 12"),
            "invalid filter at position 12: expected a value (a \"quoted string\", a number, "
            "true, false or null) after \"eq\", found the end of the filter");
  expectInvalidFilter("(userName eq )", "at position 14: expected a value");
  expectInvalidFilter("emails[value eq]", "at position 16: expected a value");
}

TEST(FilterInvalid, UnterminatedString) {
  expectInvalidFilter("userName eq \"x",
                      "at position 13: the string that starts here is not closed (missing \")");
  expectInvalidFilter("userName eq \"x\\\"", "at position 13: the string that starts here");
}

TEST(FilterInvalid, InvalidEscapes) {
  expectInvalidFilter(R"(a eq "\x")", "at position 7: invalid escape \"\\x\" in a string");
  // Regression (found by scim_filter_fuzz): the message cut a multi-byte character in half.
  const std::string message =
      expectInvalidFilter("a eq \"\\\xC3\xA9\"", "invalid escape \"\\\xC3\xA9\"");
  EXPECT_NO_THROW((void)json(message).dump());
  expectInvalidFilter("a eq \"\\\x1C\"",
                      "invalid escape \"\\\" followed by the control character U+001C");
  expectInvalidFilter(R"(a eq "\u12")", "at position 7: expected 4 hexadecimal digits");
  expectInvalidFilter(R"(a eq "\uZZZZ")", "expected 4 hexadecimal digits after \"\\u\"");
  expectInvalidFilter(R"(a eq "\ud83d")", "at position 7: unpaired UTF-16 surrogate \"\\ud83d\"");
  expectInvalidFilter(R"(a eq "\ude00")", "at position 7: unpaired UTF-16 surrogate \"\\ude00\"");
  expectInvalidFilter(R"(a eq "\ud83d\u0041")", "unpaired UTF-16 surrogate");
  expectInvalidFilter(R"(a eq "\ud83dx")", "unpaired UTF-16 surrogate");
}

TEST(FilterInvalid, DanglingLogicalOperator) {
  expectInvalidFilter("title pr and",
                      "at position 13: expected an attribute name, \"not\" or \"(\" after "
                      "\"and\", found the end of the filter");
  expectInvalidFilter("title pr or ", "expected an attribute name, \"not\" or \"(\" after \"or\"");
  expectInvalidFilter("and title pr", "expected a comparison operator");
  expectInvalidFilter("title pr and or b pr", "after \"or\"");
}

TEST(FilterInvalid, TrailingGarbage) {
  EXPECT_EQ(expectInvalidFilter("userName eq \"x\" garbage", "position 17"),
            "invalid filter at position 17: expected \"and\", \"or\" or the end of the filter, "
            "found \"garbage\"");
  expectInvalidFilter("title pr \"x\"",
                      "at position 10: expected \"and\", \"or\" or the end of "
                      "the filter, found a quotation mark");
  expectInvalidFilter("title pr andx pr", "found \"andx\"");
  expectInvalidFilter("userName eq \"a\"b", "at position 16");
}

TEST(FilterInvalid, UnquotedValueWithASpaceGetsAHint) {
  expectInvalidFilter("displayName eq John Smith",
                      "at position 21: expected \"and\", \"or\" or the end of the filter, found "
                      "\"Smith\" (put values that contain spaces in double quotes)");
}

TEST(FilterInvalid, UnbalancedParentheses) {
  expectInvalidFilter("(userName eq \"x\"",
                      "at position 17: expected \"and\", \"or\" or \")\" closing the \"(\" at "
                      "position 1, found the end of the filter");
  expectInvalidFilter("userName eq \"x\")", "at position 16: \")\" has no matching \"(\"");
  expectInvalidFilter("()",
                      "at position 2: expected an attribute name, \"not\" or \"(\" after "
                      "\"(\", found \")\"");
  expectInvalidFilter("(a pr", "closing the \"(\" at position 1");
  expectInvalidFilter(")",
                      "at position 1: expected an attribute name, \"not\" or \"(\", found \")\"");
}

TEST(FilterInvalid, NotWithoutParentheses) {
  expectInvalidFilter("not userName eq \"x\"",
                      "at position 5: expected \"(\" after \"not\" (write: not (filter)), found "
                      "\"userName\"");
  expectInvalidFilter("not", "expected \"(\" after \"not\"");
  expectInvalidFilter(
      "not (a pr",
      "at position 10: expected \"and\", \"or\" or \")\" closing the \"(\" at position 5");
}

TEST(FilterInvalid, ValuePathForms) {
  expectInvalidFilter("emails[type eq \"work\"",
                      "at position 22: expected \"and\", \"or\" or \"]\" closing the \"[\" at "
                      "position 7, found the end of the filter");
  expectInvalidFilter("emails[type eq \"work\"]]", "at position 23: \"]\" has no matching \"[\"");
  expectInvalidFilter("emails[type eq \"work\" and x[y eq 1]]",
                      "at position 28: value filters \"[...]\" cannot be nested");
  expectInvalidFilter("emails[type eq \"work\"].value eq \"x\"",
                      "at position 23: a sub-attribute after \"]\" is only allowed in PATCH paths");
  expectInvalidFilter("emails[]", "at position 8: expected an attribute name");
  expectInvalidFilter("emails.value[type eq \"work\"]",
                      "at position 13: a value filter \"[...]\" follows a multi-valued attribute, "
                      "not the sub-attribute \"emails.value\"");
  expectInvalidFilter("emails[type eq \"work\")", "found \")\"");
  expectInvalidFilter("[type eq \"work\"]", "at position 1: expected an attribute name");
}

TEST(FilterInvalid, AttributeNames) {
  expectInvalidFilter("1userName eq \"x\"",
                      "at position 1: \"1userName\" is not a valid attribute name (a letter "
                      "followed by letters, digits, \"-\" or \"_\")");
  expectInvalidFilter("user@name eq \"x\"", "\"user@name\" is not a valid attribute name");
  expectInvalidFilter("name.given.family eq \"x\"",
                      "\"name.given.family\" has more than one sub-attribute");
  expectInvalidFilter("name. eq \"x\"", "at position 6: \"\" is not a valid sub-attribute name");
  expectInvalidFilter(".name eq \"x\"", "at position 1: \"\" is not a valid attribute name");
  expectInvalidFilter(":userName eq \"x\"", "at position 1: \"\" is not a valid schema URN");
  expectInvalidFilter("urn:x: eq \"x\"",
                      "at position 7: expected an attribute name after the schema URN \"urn:x:\"");
  expectInvalidFilter("\"userName\" eq \"x\"",
                      "at position 1: expected an attribute name, \"not\" or \"(\", found a "
                      "quotation mark");
}

TEST(FilterInvalid, OrderingWithBooleanOrNull) {
  expectInvalidFilter("active gt true",
                      "at position 11: \"gt\" cannot compare with true: gt, ge, lt and le need a "
                      "string, a number or a date");
  expectInvalidFilter("active GE False", "\"GE\" cannot compare with false");
  expectInvalidFilter("nickName lt null", "\"lt\" cannot compare with null");
  expectInvalidFilter("nickName le NULL", "\"le\" cannot compare with null");
  // eq/ne accept them.
  EXPECT_EQ(parsed("active ne false"), "(ne active false)");
}

TEST(FilterInvalid, NumberOutOfRange) {
  expectInvalidFilter("x eq 1e999", "at position 6: the number 1e999 is out of range");
}

TEST(FilterInvalid, EncodingAndControlCharacters) {
  expectInvalidFilter("userName eq \"\xC3\x28\"", "at position 14: the filter is not valid UTF-8");
  expectInvalidFilter("userName eq \"\xED\xA0\x80\"", "not valid UTF-8");  // encoded surrogate
  expectInvalidFilter("userName eq \"\xC0\xAF\"", "not valid UTF-8");      // overlong
  expectInvalidFilter(std::string("userName\x01 eq 1"),
                      "at position 9: expected a comparison operator (eq, ne, co, sw, ew, gt, ge, "
                      "lt, le, pr) after \"userName\", found the control character U+0001");
  expectInvalidFilter(std::string("a pr\0", 5), "found the control character U+0000");
}

TEST(FilterInvalid, PositionsCountCharactersNotBytes) {
  // "é" is two bytes; the stray word starts at character 18.
  expectInvalidFilter("displayName eq \"\xC3\xA9\" xyz", "at position 20: expected \"and\"");
}

TEST(FilterInvalid, LongWordsAreShortenedInMessages) {
  const std::string word(200, 'x');
  const std::string message = expectInvalidFilter("a pr " + word, "found \"xxxx");
  EXPECT_LT(message.size(), 160u) << message;
  EXPECT_NE(message.find("...\""), std::string::npos) << message;
}

// ---------------------------------------------------------------------------------------------
// Bounds.

std::string nestedParens(int depth) {
  return std::string(static_cast<size_t>(depth), '(') + "a pr" +
         std::string(static_cast<size_t>(depth), ')');
}

TEST(FilterLimits, DepthOfParentheses) {
  EXPECT_EQ(parsed(nestedParens(kMaxFilterDepth)), "(pr a)");
  expectInvalidFilter(nestedParens(kMaxFilterDepth + 1),
                      "at position 33: nested deeper than 32 levels of parentheses, \"not\" and "
                      "\"[...]\"");
}

TEST(FilterLimits, DepthCountsNotAndValuePaths) {
  std::string nots;
  for (int i = 0; i < kMaxFilterDepth; ++i) nots += "not (";
  EXPECT_TRUE(parseFilter(nots + "a pr" + std::string(kMaxFilterDepth, ')')).isOk());
  expectInvalidFilter("not (" + nots + "a pr" + std::string(kMaxFilterDepth + 1, ')'),
                      "nested deeper than 32 levels");
  // 31 parentheses plus one value path: the limit; one more level is refused.
  const std::string p31(kMaxFilterDepth - 1, '(');
  const std::string c31(kMaxFilterDepth - 1, ')');
  EXPECT_TRUE(parseFilter(p31 + "emails[value pr]" + c31).isOk());
  expectInvalidFilter("(" + p31 + "emails[value pr]" + c31 + ")", "nested deeper than 32 levels");
}

TEST(FilterLimits, DeeplyNestedInputFailsWithoutCrashing) {
  expectInvalidFilter(std::string(100000, '('), "it is 100000 bytes long");
  expectInvalidFilter(std::string(kMaxFilterLength, '('), "nested deeper than 32 levels");
  std::string nots;
  for (int i = 0; i < 500; ++i) nots += "not(";
  expectInvalidFilter(nots, "nested deeper than 32 levels");
}

TEST(FilterDateTime, Rfc3339ValuesBecomeTheStoredUtcForm) {
  const auto utc = [](std::string_view text) {
    auto parsed = parseDateTime(text);
    EXPECT_TRUE(parsed.isOk()) << text << ": " << parsed.status().toString();
    return parsed.isOk() ? parsed->text + (parsed->fraction ? "+" : "") : std::string();
  };
  EXPECT_EQ(utc("2024-05-01T10:00:00Z"), "2024-05-01T10:00:00Z");
  EXPECT_EQ(utc("2024-05-01t10:00:00z"), "2024-05-01T10:00:00Z");
  EXPECT_EQ(utc("2024-05-01T10:00:00+02:00"), "2024-05-01T08:00:00Z");
  EXPECT_EQ(utc("2024-05-01T01:30:00+02:00"), "2024-04-30T23:30:00Z");
  EXPECT_EQ(utc("2023-12-31T23:30:00-01:00"), "2024-01-01T00:30:00Z");
  EXPECT_EQ(utc("2024-02-29T00:00:00-00:00"), "2024-02-29T00:00:00Z");
  EXPECT_EQ(utc("2024-05-01T10:00:00.000Z"), "2024-05-01T10:00:00Z");
  EXPECT_EQ(utc("2024-05-01T10:00:00.25+02:00"), "2024-05-01T08:00:00Z+");
  EXPECT_EQ(utc("2016-12-31T23:59:60Z"), "2016-12-31T23:59:59Z+");
}

TEST(FilterDateTime, AnythingElseIsAnInvalidFilter) {
  for (std::string_view text :
       {"", "yesterday", "2024-05-01", "2024-05-01T10:00Z", "2024-05-01T10:00:00",
        "2024-05-01 10:00:00Z", "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00+2:00",
        "2024-05-01T10:00:00+24:00", "2024-13-01T10:00:00Z", "2023-02-29T10:00:00Z",
        "2024-04-31T10:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z",
        "0000-01-01T00:00:00Z", "0001-01-01T00:30:00+01:00", "2024-05-01T10:00:00Zjunk"}) {
    auto parsed = parseDateTime(text);
    ASSERT_FALSE(parsed.isOk()) << text;
    EXPECT_EQ(parsed.status().code(), core::StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(parsed.status().errorCode(), "invalidFilter") << text;
  }
}

TEST(FilterLimits, Length) {
  const std::string prefix = "userName eq \"";
  std::string text = prefix + std::string(kMaxFilterLength - prefix.size() - 1, 'a') + "\"";
  ASSERT_EQ(text.size(), kMaxFilterLength);
  EXPECT_TRUE(parseFilter(text).isOk());
  text.insert(prefix.size(), "a");
  EXPECT_EQ(expectInvalidFilter(text, "4097"),
            "invalid filter: it is 4097 bytes long, at most 4096 are accepted");
}

TEST(FilterLimits, LongChainsAreNotLimitedByDepth) {
  std::string text = "a pr";
  while (text.size() + 9 < kMaxFilterLength) text += " and a pr";
  auto r = parseFilter(text);
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_TRUE(matches(r.value(), json{{"a", 1}}));
  EXPECT_FALSE(matches(r.value(), json::object()));
}

TEST(FilterLimits, GarbageNeverThrows) {
  const std::vector<std::string> inputs = {"(",
                                           ")",
                                           "[",
                                           "]",
                                           "\"",
                                           "\\",
                                           "not",
                                           "not(",
                                           "a[",
                                           "a[b[",
                                           "a eq \"\\u",
                                           "a eq \"\\ud800\\u",
                                           "a eq \"\\",
                                           "::",
                                           "a:",
                                           "a.",
                                           "a..b pr",
                                           "a eq 1 or",
                                           "a eq -",
                                           "eq eq eq",
                                           "pr pr",
                                           "a eq 1e",
                                           "a eq 1.",
                                           "a[b pr].",
                                           "a[b pr]x",
                                           std::string("\xFF\xFE"),
                                           "\xF4\x90\x80\x80"};
  for (const std::string& in : inputs) {
    auto r = parseFilter(in);
    if (!r.isOk()) {
      EXPECT_EQ(r.status().errorCode(), "invalidFilter") << in;
    }
    auto p = parsePatchPath(in);
    if (!p.isOk()) {
      EXPECT_EQ(p.status().errorCode(), "invalidPath") << in;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// PATCH paths.

TEST(PatchPathParse, AttributeAndSubAttribute) {
  auto p = parsePatchPath("displayName");
  ASSERT_TRUE(p.isOk()) << p.status().message();
  EXPECT_EQ(p->attr.name, "displayName");
  EXPECT_EQ(p->attr.schema, "");
  EXPECT_EQ(p->attr.sub, "");
  EXPECT_FALSE(p->filter.has_value());
  EXPECT_EQ(p->subAttr, "");

  p = parsePatchPath("name.givenName");
  ASSERT_TRUE(p.isOk());
  EXPECT_EQ(p->attr.name, "name");
  EXPECT_EQ(p->attr.sub, "givenName");
  EXPECT_FALSE(p->filter.has_value());
}

TEST(PatchPathParse, UrnPrefixed) {
  auto p = parsePatchPath(std::string(kEnterprise) + ":manager");
  ASSERT_TRUE(p.isOk()) << p.status().message();
  EXPECT_EQ(p->attr.schema, kEnterprise);
  EXPECT_EQ(p->attr.name, "manager");
  EXPECT_EQ(p->attr.sub, "");

  p = parsePatchPath(std::string(kEnterprise) + ":manager.value");
  ASSERT_TRUE(p.isOk());
  EXPECT_EQ(p->attr.schema, kEnterprise);
  EXPECT_EQ(p->attr.name, "manager");
  EXPECT_EQ(p->attr.sub, "value");

  p = parsePatchPath(std::string(kEnterprise) + ":department");
  ASSERT_TRUE(p.isOk());
  EXPECT_EQ(p->attr.name, "department");

  p = parsePatchPath("urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"].value");
  ASSERT_TRUE(p.isOk()) << p.status().message();
  EXPECT_EQ(p->attr.schema, "urn:ietf:params:scim:schemas:core:2.0:User");
  EXPECT_EQ(p->attr.name, "emails");
  EXPECT_EQ(p->subAttr, "value");
}

TEST(PatchPathParse, ValuePaths) {
  auto p = parsePatchPath(R"(members[value eq "2819c223-7f76-453a-919d-413861904646"])");
  ASSERT_TRUE(p.isOk()) << p.status().message();
  EXPECT_EQ(p->attr.name, "members");
  ASSERT_TRUE(p->filter.has_value());
  EXPECT_EQ(render(*p->filter), R"((eq value "2819c223-7f76-453a-919d-413861904646"))");
  EXPECT_EQ(p->subAttr, "");

  p = parsePatchPath(R"(emails[type eq "work"].value)");
  ASSERT_TRUE(p.isOk());
  EXPECT_EQ(p->attr.name, "emails");
  ASSERT_TRUE(p->filter.has_value());
  EXPECT_EQ(render(*p->filter), R"((eq type "work"))");
  EXPECT_EQ(p->subAttr, "value");

  p = parsePatchPath(R"(addresses[type eq "work"].streetAddress)");
  ASSERT_TRUE(p.isOk());
  EXPECT_EQ(p->attr.name, "addresses");
  EXPECT_EQ(p->subAttr, "streetAddress");

  p = parsePatchPath(R"(EMAILS[TYPE EQ "work" AND primary eq TRUE].Value)");
  ASSERT_TRUE(p.isOk());
  EXPECT_EQ(render(*p->filter), R"((and (eq TYPE "work") (eq primary true)))");
  EXPECT_EQ(p->subAttr, "Value");

  // Entra's unquoted member id.
  p = parsePatchPath("members[value eq 6d2a7c3e-1c1f-4b1b-9b77-0f4f4f1f1f1f]");
  ASSERT_TRUE(p.isOk());
  EXPECT_TRUE(p->filter->bareValue);

  p = parsePatchPath("  name.familyName  ");
  ASSERT_TRUE(p.isOk());
  EXPECT_EQ(p->attr.sub, "familyName");
}

TEST(PatchPathInvalid, Forms) {
  EXPECT_EQ(expectInvalidPath("", "empty"), "invalid path: the path is empty");
  expectInvalidPath("   ", "invalid path: the path is empty");
  expectInvalidPath("name.", "at position 6: \"\" is not a valid sub-attribute name");
  expectInvalidPath(".name", "at position 1: \"\" is not a valid attribute name");
  expectInvalidPath("name givenName",
                    "at position 6: expected the end of the path after \"name\", found "
                    "\"givenName\"");
  expectInvalidPath("emails[", "at position 8: expected an attribute name");
  expectInvalidPath("emails[type eq \"work\"",
                    "expected \"and\", \"or\" or \"]\" closing the \"[\" at position 7, found the "
                    "end of the path");
  expectInvalidPath("emails[type eq \"work\"].",
                    "at position 24: expected a sub-attribute name (a letter followed by letters, "
                    "digits, \"-\" or \"_\") after \"].\", found the end of the path");
  expectInvalidPath("emails[type eq \"work\"].value.display", "expected a sub-attribute name");
  expectInvalidPath("emails[type eq \"work\"]x",
                    "at position 23: expected the end of the path after "
                    "\"emails[type eq \"work\"]\", found \"x\"");
  expectInvalidPath("emails[type eq \"work\"][value eq \"x\"]", "at position 23");
  expectInvalidPath("emails[type eq]", "at position 15: expected a value");
  expectInvalidPath("emails[type xx \"work\"]", "at position 13: expected a comparison operator");
  expectInvalidPath("emails[type eq \"work\" and x[y pr]]", "cannot be nested");
  expectInvalidPath("emails.value[type eq \"work\"]", "follows a multi-valued attribute");
  expectInvalidPath("1abc", "at position 1: \"1abc\" is not a valid attribute name");
  expectInvalidPath("\"displayName\"", "at position 1: expected an attribute name");
  expectInvalidPath("displayName eq \"x\"", "expected the end of the path");
  expectInvalidPath(std::string(kMaxFilterLength + 1, 'a'), "at most 4096 are accepted");
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

json sampleUser() {
  return json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "2819c223-7f76-453a-919d-413861904646",
    "externalId": "12345",
    "userName": "Bjensen@example.com",
    "name": {"familyName": "Jensen", "givenName": "Barbara"},
    "displayName": "Babs Jensen",
    "nickName": null,
    "title": "Tour Guide",
    "userType": "Employee",
    "active": true,
    "loginCount": 42,
    "score": 1.5,
    "emails": [
      {"value": "bjensen@example.com", "type": "work", "primary": true},
      {"value": "babs@jensen.org", "type": "home"}
    ],
    "phoneNumbers": [],
    "ims": [],
    "meta": {"resourceType": "User", "lastModified": "2011-05-13T04:42:34Z"},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "employeeNumber": "701984",
      "department": "",
      "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith"}
    }
  })");
}

bool eval(std::string_view text, const json& element = sampleUser(), const CaseExactFn& fn = {}) {
  auto r = parseFilter(text);
  EXPECT_TRUE(r.isOk()) << text << " -> " << r.status().message();
  return r.isOk() && matches(r.value(), element, fn);
}

TEST(FilterMatches, EqualityIgnoresCaseOfValuesAndNames) {
  EXPECT_TRUE(eval(R"(userName eq "bjensen@example.com")"));
  EXPECT_TRUE(eval(R"(USERNAME EQ "BJENSEN@EXAMPLE.COM")"));
  EXPECT_FALSE(eval(R"(userName eq "bjensen")"));
  EXPECT_TRUE(eval("userName eq bjensen@example.com"));  // Entra's bare value
}

TEST(FilterMatches, CaseExactAttributesCompareExactly) {
  const CaseExactFn exactIds = [](const AttrPath& p) {
    return equalsIgnoreCase(p.name, "id") || equalsIgnoreCase(p.name, "externalId");
  };
  EXPECT_TRUE(eval(R"(id eq "2819C223-7F76-453A-919D-413861904646")"));
  EXPECT_FALSE(eval(R"(id eq "2819C223-7F76-453A-919D-413861904646")", sampleUser(), exactIds));
  EXPECT_TRUE(eval(R"(id eq "2819c223-7f76-453a-919d-413861904646")", sampleUser(), exactIds));
  EXPECT_TRUE(eval(R"(userName eq "BJENSEN@example.com")", sampleUser(), exactIds));
}

TEST(FilterMatches, NotEqual) {
  EXPECT_TRUE(eval(R"(title ne "Boss")"));
  EXPECT_FALSE(eval(R"(title ne "tour guide")"));
  EXPECT_TRUE(eval(R"(profileUrl ne "x")"));  // missing
  EXPECT_FALSE(eval(R"(profileUrl eq "x")"));
  // Multi-valued: ne holds when no value equals.
  EXPECT_FALSE(eval(R"(emails.type ne "work")"));
  EXPECT_TRUE(eval(R"(emails.type ne "other")"));
}

TEST(FilterMatches, SubstringOperators) {
  EXPECT_TRUE(eval(R"(title co "UR GU")"));
  EXPECT_FALSE(eval(R"(title co "guides")"));
  EXPECT_TRUE(eval(R"(userName sw "bjen")"));
  EXPECT_FALSE(eval(R"(userName sw "jen")"));
  EXPECT_TRUE(eval(R"(userName ew "@EXAMPLE.com")"));
  EXPECT_FALSE(eval(R"(userName ew "@example.org")"));
  EXPECT_TRUE(eval(R"(title co "")"));
  EXPECT_FALSE(eval("loginCount co 4"));  // substring operators on numbers never hold
}

TEST(FilterMatches, OrderingOnStringsAndNumbers) {
  EXPECT_TRUE(eval(R"(meta.lastModified gt "2011-05-13T04:42:33Z")"));
  EXPECT_FALSE(eval(R"(meta.lastModified gt "2011-05-13T04:42:34Z")"));
  EXPECT_TRUE(eval(R"(meta.lastModified ge "2011-05-13T04:42:34Z")"));
  EXPECT_TRUE(eval(R"(meta.lastModified lt "2012-01-01T00:00:00Z")"));
  EXPECT_TRUE(eval(R"(meta.lastModified le "2011-05-13T04:42:34Z")"));
  EXPECT_FALSE(eval(R"(meta.lastModified lt "2011-05-13T04:42:34Z")"));
  EXPECT_TRUE(eval(R"(title gt "TOUR")"));  // case-folded
  EXPECT_TRUE(eval("loginCount gt 41"));
  EXPECT_FALSE(eval("loginCount gt 42"));
  EXPECT_TRUE(eval("loginCount ge 42"));
  EXPECT_TRUE(eval("loginCount lt 42.5"));
  EXPECT_TRUE(eval("loginCount le 42"));
  EXPECT_TRUE(eval("loginCount eq 42.0"));
  EXPECT_TRUE(eval("score gt 1"));
  EXPECT_TRUE(eval("score lt 1.6"));
  EXPECT_TRUE(eval("score ge -1e2"));
  EXPECT_FALSE(eval("missing gt 1"));
}

TEST(FilterMatches, BooleansAndNull) {
  EXPECT_TRUE(eval("active eq true"));
  EXPECT_TRUE(eval("active eq TRUE"));
  EXPECT_FALSE(eval("active eq false"));
  EXPECT_TRUE(eval("active ne false"));
  EXPECT_TRUE(eval("nickName eq null"));    // null
  EXPECT_TRUE(eval("profileUrl eq null"));  // missing
  EXPECT_FALSE(eval("title eq null"));
  EXPECT_TRUE(eval("title ne null"));
}

TEST(FilterMatches, Present) {
  EXPECT_TRUE(eval("title pr"));
  EXPECT_TRUE(eval("emails pr"));
  EXPECT_TRUE(eval("emails.value pr"));
  EXPECT_TRUE(eval("name pr"));
  EXPECT_TRUE(eval("active pr"));
  EXPECT_FALSE(eval("nickName pr"));      // null
  EXPECT_FALSE(eval("profileUrl pr"));    // missing
  EXPECT_FALSE(eval("phoneNumbers pr"));  // []
  EXPECT_FALSE(eval("emails.display pr"));
  EXPECT_FALSE(eval(std::string(kEnterprise) + ":department pr"));  // ""
  EXPECT_FALSE(eval("x pr", json{{"x", json::object()}}));
  EXPECT_TRUE(eval("x pr", json{{"x", 0}}));
}

TEST(FilterMatches, MultiValuedAttributesMatchAnyElement) {
  EXPECT_TRUE(eval(R"(emails.value eq "babs@jensen.org")"));
  EXPECT_TRUE(eval(R"(emails eq "BABS@jensen.org")"));  // compares each element's "value"
  EXPECT_TRUE(eval(R"(emails co "example.com")"));
  EXPECT_TRUE(eval(R"(emails.type eq "home")"));
  EXPECT_FALSE(eval(R"(emails.type eq "other")"));
  EXPECT_TRUE(eval(R"(schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")"));
  EXPECT_FALSE(eval(R"(phoneNumbers.value eq "1")"));
  EXPECT_TRUE(eval(R"(name.familyName sw "jen")"));
  EXPECT_TRUE(eval(R"(NAME.FAMILYNAME eq "jensen")"));
}

TEST(FilterMatches, ValuePathNeedsOneElementToSatisfyEverything) {
  EXPECT_TRUE(eval(R"(emails[type eq "work" and value co "@example.com"])"));
  // "home" and "@example.com" are in different elements.
  EXPECT_FALSE(eval(R"(emails[type eq "home" and value co "@example.com"])"));
  EXPECT_TRUE(eval(R"(emails[type eq "home" or primary eq true])"));
  EXPECT_TRUE(eval(R"(emails[not (type eq "work")])"));
  EXPECT_FALSE(eval(R"(ims[type pr])"));
  EXPECT_FALSE(eval(R"(profileUrls[value pr])"));
  // A single complex value and a simple multi-valued one.
  EXPECT_TRUE(eval(R"(name[givenName eq "barbara"])"));
  EXPECT_TRUE(eval(R"(schemas[value ew ":enterprise:2.0:User"])"));
  // Combined with other expressions.
  EXPECT_TRUE(
      eval(R"(userType eq "Employee" and emails[type eq "work" and value co "@example.com"])"));
  EXPECT_FALSE(eval(R"(userType eq "Intern" and emails[type eq "work"])"));
}

TEST(FilterMatches, CaseExactSeesTheQualifiedPathInsideAValuePath) {
  std::vector<std::string> seen;
  const CaseExactFn record = [&seen](const AttrPath& p) {
    seen.push_back(p.toString());
    return p.name == "emails" && p.sub == "value";
  };
  EXPECT_FALSE(eval(R"(emails[value eq "BJENSEN@example.com"])", sampleUser(), record));
  EXPECT_TRUE(eval(R"(emails[value eq "bjensen@example.com"])", sampleUser(), record));
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.front(), "emails.value");
}

TEST(FilterMatches, UrnPrefixedPaths) {
  EXPECT_TRUE(eval(std::string(kEnterprise) + ":employeeNumber eq \"701984\""));
  EXPECT_FALSE(eval(std::string(kEnterprise) + ":employeeNumber eq \"1\""));
  EXPECT_TRUE(eval(std::string(kEnterprise) +
                   ":manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\""));
  EXPECT_TRUE(eval(std::string(kEnterprise) + ":manager eq 26118915-6090-4610-87e4-49d8ca9f808d"));
  // The URN key is looked up case-insensitively.
  EXPECT_TRUE(
      eval("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:employeenumber eq "
           "701984"));
  // The core schema is not a key of the resource: its prefix is ignored.
  EXPECT_TRUE(
      eval("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bjensen@example.com\""));
  // Extension attributes are not at top level.
  EXPECT_FALSE(eval("employeeNumber eq \"701984\""));
}

TEST(FilterMatches, EntraExternalIdLookups) {
  // An unquoted number against a string attribute compares text.
  EXPECT_TRUE(eval("externalId eq 12345"));
  EXPECT_FALSE(eval("externalId eq 1234"));
  json user = sampleUser();
  user["externalId"] = "1d2f7a4e-8c3b-4b8e-9f3e-2a6b5c4d3e2f";
  EXPECT_TRUE(eval("externalId eq 1d2f7a4e-8c3b-4b8e-9f3e-2a6b5c4d3e2f", user));
  EXPECT_TRUE(eval("externalId eq \"1D2F7A4E-8C3B-4B8E-9F3E-2A6B5C4D3E2F\"", user));
  user["userName"] = "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081";
  EXPECT_TRUE(eval(R"(userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081")", user));
}

TEST(FilterMatches, LogicalCombinations) {
  EXPECT_TRUE(eval(R"(title pr and userType eq "Employee")"));
  EXPECT_FALSE(eval(R"(title pr and userType eq "Intern")"));
  EXPECT_TRUE(eval(R"(title eq "x" or userType eq "Employee")"));
  EXPECT_FALSE(eval(R"(not (userType eq "Employee"))"));
  EXPECT_TRUE(eval(R"(not (userType eq "Intern"))"));
  // or / and precedence: true or (false and false) = true; (true or false) and false = false.
  EXPECT_TRUE(eval(R"(title pr or nickName pr and profileUrl pr)"));
  EXPECT_FALSE(eval(R"((title pr or nickName pr) and profileUrl pr)"));
  EXPECT_TRUE(eval(
      R"(userType ne "Intern" and not (emails co "example.org" or emails.value co "example.net"))"));
}

TEST(FilterMatches, NonObjectElementsNeverMatch) {
  EXPECT_FALSE(eval("a pr", json::array()));
  EXPECT_FALSE(eval("a eq 1", json("a")));
  EXPECT_TRUE(eval("a ne 1", json(nullptr)));
  Filter broken;  // a hand-built node without children
  broken.kind = Filter::Kind::kAnd;
  EXPECT_FALSE(matches(broken, sampleUser()));
}

}  // namespace
}  // namespace tandem::scim
