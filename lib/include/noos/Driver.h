//===- noos/Driver.h - noos-ld's driver logic -------------------*- C++ -*-===//
#ifndef NOOS_DRIVER_H
#define NOOS_DRIVER_H

namespace noos {

/// Runs noos-ld with \p Argv; returns the exit status. \p MainAddr is an
/// address inside the executable, used to find share/noos.
int linkerMain(int Argc, char **Argv, void *MainAddr);

} // namespace noos

#endif
