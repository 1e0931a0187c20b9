# libsession_warnings(<target>): the warning set every target of ours builds clean with.
function(libsession_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual)
  if(LIBSESSION_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
option(LIBSESSION_WERROR "Treat warnings as errors (CI)" OFF)
