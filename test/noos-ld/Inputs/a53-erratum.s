# Cortex-A53 erratum 843419: an ADRP in one of the last two words of a
# 4 KiB page, a load, then a load based on the ADRP result. LLD rewrites
# the third instruction as a branch to a patch only when asked
# (--fix-cortex-a53-843419).
  .section .text.erratum, "ax", %progbits
  .globl main
  .type main, %function
  .balign 4096
  .space 4096 - 8
main:
  adrp x0, value
  ldr x1, [x1, #0]
  ldr x0, [x0, :lo12:value]
  ret
  .data
  .balign 8
value:
  .quad 0
