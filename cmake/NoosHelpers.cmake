# Helpers shared by the noos CMake files.

# The LLVM and LLD libraries are linked statically: Debian's shared libLLVM
# costs every link about 25 ms of dynamic loading, which is most of the time
# of a small firmware link. The static archives are in the same package.
function(noos_link_llvm_static target)
  llvm_map_components_to_libnames(llvm_libs ${ARGN})
  target_link_libraries(${target} PRIVATE ${llvm_libs})
endfunction()
