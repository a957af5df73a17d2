# add_chapter(NN_name) builds one chapter:
#   - chapters/NN_name/*.cpp except main.cpp become the library NN_name_lib,
#   - main.cpp links it into the executable NN_name,
#   - tests/NN_name/*.cpp, when present, become the doctest executable
#     test_NN_name, registered with CTest under the label NN_name,
#   - tests/transcripts/NN_name*.t run the executable as a reader would.
# A chapter never sees another chapter's files: each has its own include path.
function(add_chapter name)
  set(dir ${PROJECT_SOURCE_DIR}/chapters/${name})
  if(NOT IS_DIRECTORY ${dir})
    message(FATAL_ERROR "add_chapter(${name}): ${dir} does not exist")
  endif()

  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  list(REMOVE_ITEM sources ${dir}/main.cpp)
  add_library(${name}_lib STATIC ${sources})
  target_include_directories(${name}_lib PUBLIC ${dir})
  target_link_libraries(${name}_lib PUBLIC common PRIVATE project_warnings)

  add_executable(${name} ${dir}/main.cpp)
  target_link_libraries(${name} PRIVATE ${name}_lib memory_cap project_warnings)

  set(test_dir ${PROJECT_SOURCE_DIR}/tests/${name})
  if(IS_DIRECTORY ${test_dir})
    file(GLOB test_sources CONFIGURE_DEPENDS ${test_dir}/*.cpp)
    add_executable(test_${name} ${test_sources})
    target_link_libraries(test_${name}
      PRIVATE ${name}_lib test_support memory_cap project_warnings)
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
      LABELS "${name};transcript" TIMEOUT 120)
  endforeach()
endfunction()
