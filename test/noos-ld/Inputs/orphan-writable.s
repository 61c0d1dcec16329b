@ Writable sections the layout does not name: initialised (.mydata, and
@ "my-data", which a script must quote), zero-initialised (.mybss), and a
@ read-only one (.myrodata) for comparison.
  .syntax unified
  .thumb
  .section .vectors, "a"
  .word __stack
  .word Reset_Handler

  .text
  .global Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  ldr r0, =mine
  ldr r1, =dashed
  ldr r2, =zeroed
  ldr r3, =constant
  ldr r4, =value
  b .

  .data
value:
  .word 1

  .section .mydata, "aw"
  .global mine
mine:
  .word 0x12345678

  .section "my-data", "aw"
  .global dashed
dashed:
  .word 0x9abcdef0

  .section .mybss, "aw", %nobits
  .global zeroed
zeroed:
  .space 16

  .section .myrodata, "a"
  .global constant
constant:
  .word 7
