/*
 * Functions of the portable runtime RISC-V does not build yet
 * (unported-sources.txt): each is defined in a section of its own named
 * .noos.unported.<part>.<function>, which the layout (riscv.ld) collects
 * into .noos.unported_<part> and asserts empty. A program that calls one
 * keeps its section, and the link fails with one message naming the part
 * that is missing and why, where LLD alone would list undefined symbols.
 * (The instruction is never run: no image is written.)
 */
  .macro unported part, name
  .section .noos.unported.\part\().\name, "ax", @progbits
  .global \name
  .type \name, @function
\name:
  unimp
  .size \name, . - \name
  .endm
