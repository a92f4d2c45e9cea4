# Included at the end of tests/CMakeLists.txt (main build): one CTest test "fuzz.<name>" per line of
# targets.txt, label "fuzz". Each runs run_fuzz.sh, which builds that target with clang in
# <build dir>/fuzz and fuzzes it for TANDEM_FUZZ_SECONDS (default 30); the tests share one build
# directory, so they never run at the same time. Exit 77 (no clang) counts as skipped.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/targets.txt)
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/targets.txt tandem_fuzz_lines REGEX "^[A-Za-z]")
foreach(line IN LISTS tandem_fuzz_lines)
  separate_arguments(words UNIX_COMMAND "${line}")
  list(GET words 0 name)
  add_test(NAME fuzz.${name}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_fuzz.sh ${PROJECT_BINARY_DIR} ${name})
  set_tests_properties(fuzz.${name} PROPERTIES
    LABELS fuzz TIMEOUT 900 RESOURCE_LOCK tandem_fuzz_build SKIP_RETURN_CODE 77)
endforeach()
