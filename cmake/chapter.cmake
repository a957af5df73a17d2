# add_chapter(NN_name [CONTRACTS contract...]) builds one chapter:
#   - chapters/NN_name/*.cpp, the chapter's framework (its lesson), and
#     chapters/NN_name/demos/*.cpp, the programs that use it (Part II keeps
#     them apart), become the library NN_name_lib; main.cpp, in either
#     folder, links it into the executable NN_name,
#   - tests/NN_name/*.cpp, when present, become the doctest executable
#     test_NN_name, registered with CTest under the label NN_name,
#   - each CONTRACTS name adds tests/contracts/<name>_contract*.cpp to that
#     executable: a contract several chapters share is written once and
#     compiled against each chapter's own headers (the way Crafting
#     Interpreters runs one suite against every chapter's snapshot); the
#     files of one contract are compiled together, as one unit,
#   - tests/transcripts/NN_name*.t run the executable as a reader would; a
#     transcript the machine cannot run (exit 77) is reported as skipped.
# A chapter never sees another chapter's files: each has its own include path.

# The standard headers nearly every file of a chapter includes, parsed once
# per build into a precompiled header that every chapter's library and
# program reuse: parsing them was half the time of compiling a framework
# file, and Part II compiles some forty such files per chapter. (Each file
# still includes what it uses; the clang preset, which builds without
# precompiled headers, checks that it does.)
add_library(chapter_pch OBJECT ${CMAKE_CURRENT_LIST_DIR}/pch.cpp)
target_link_libraries(chapter_pch PRIVATE project_warnings)
target_precompile_headers(chapter_pch PRIVATE
  <algorithm> <chrono> <coroutine> <cstddef> <cstdint> <functional>
  <iostream> <memory> <optional> <stdexcept> <string> <string_view>
  <system_error> <utility> <vector>)

function(add_chapter name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "CONTRACTS")
  string(SUBSTRING ${name} 0 2 number)
  if(number LESS CHAPTERS_FROM)
    return()
  endif()
  set(dir ${PROJECT_SOURCE_DIR}/chapters/${name})
  if(NOT IS_DIRECTORY ${dir})
    message(FATAL_ERROR "add_chapter(${name}): ${dir} does not exist")
  endif()

  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp ${dir}/demos/*.cpp)
  set(main ${dir}/main.cpp)
  if(EXISTS ${dir}/demos/main.cpp)
    set(main ${dir}/demos/main.cpp)
  endif()
  list(REMOVE_ITEM sources ${main})
  add_library(${name}_lib STATIC ${sources})
  target_include_directories(${name}_lib PUBLIC ${dir})
  if(IS_DIRECTORY ${dir}/demos)
    target_include_directories(${name}_lib PUBLIC ${dir}/demos)
  endif()
  target_link_libraries(${name}_lib PUBLIC common PRIVATE project_warnings)
  target_precompile_headers(${name}_lib REUSE_FROM chapter_pch)

  add_executable(${name} ${main})
  target_precompile_headers(${name} REUSE_FROM chapter_pch)
  target_link_libraries(${name} PRIVATE ${name}_lib memory_cap project_warnings)

  set(test_dir ${PROJECT_SOURCE_DIR}/tests/${name})
  set(contract_dir ${PROJECT_SOURCE_DIR}/tests/contracts)
  set(contract_sources "")
  foreach(contract IN LISTS arg_CONTRACTS)
    file(GLOB found CONFIGURE_DEPENDS ${contract_dir}/${contract}_contract*.cpp)
    if(NOT found)
      message(FATAL_ERROR "add_chapter(${name}): no contract '${contract}' "
                          "in ${contract_dir}")
    endif()
    list(APPEND contract_sources ${found})
    # A contract's files are compiled as one unit (a unity build): split by
    # topic for the reader, they include the same chapter headers and
    # instantiate the same templates, and a Part II chapter compiles some
    # forty of them. So a helper two files of one contract need goes in a
    # shared header, never into both.
    set_source_files_properties(${found} PROPERTIES UNITY_GROUP ${contract})
  endforeach()
  set(test_sources "")
  if(IS_DIRECTORY ${test_dir})
    file(GLOB test_sources CONFIGURE_DEPENDS ${test_dir}/*.cpp)
  endif()
  # A chapter whose tests are all contracts has no folder of its own.
  if(test_sources OR contract_sources)
    add_executable(test_${name} ${test_sources} ${contract_sources})
    target_include_directories(test_${name} PRIVATE ${contract_dir})
    target_precompile_headers(test_${name} REUSE_FROM test_pch)
    set_target_properties(test_${name} PROPERTIES
      UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
    target_link_libraries(test_${name}
      PRIVATE ${name}_lib test_support memory_cap project_warnings test_flags)
    add_test(NAME ${name}.unit COMMAND test_${name})
    set_tests_properties(${name}.unit PROPERTIES LABELS ${name} TIMEOUT 120)
  endif()

  file(GLOB transcripts CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/tests/transcripts/${name}*.t)
  foreach(transcript IN LISTS transcripts)
    get_filename_component(stem ${transcript} NAME_WLE)
    add_test(NAME ${stem}.transcript
      COMMAND transcript_runner --bin-dir $<TARGET_FILE_DIR:${name}>
              ${transcript})
    set_tests_properties(${stem}.transcript PROPERTIES
      LABELS "${name};transcript" TIMEOUT 120 SKIP_RETURN_CODE 77)
  endforeach()
endfunction()
