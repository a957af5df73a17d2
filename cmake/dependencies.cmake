# doctest and CLI11 come from the distribution's packages. A missing one stops
# configure with the name of the package that provides it.
function(require_package name debian_package)
  find_package(${name} CONFIG QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR
      "${name} was not found. Install Debian's ${debian_package} package:\n"
      "    sudo apt-get install ${debian_package}\n"
      "or run scripts/setup, which installs every build dependency.")
  endif()
endfunction()

require_package(doctest doctest-dev)
require_package(CLI11 libcli11-dev)
