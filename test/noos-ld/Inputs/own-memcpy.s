@ A program with its own startup and its own memcpy, as a project linked
@ with GCC's -nostdlib has. Its code calls __aeabi_memcpy (what clang emits
@ for a struct copy) and __aeabi_uidiv (libgcc).
  .syntax unified
  .thumb
  .section .vectors, "a"
  .word __stack
  .word Reset_Handler

  .text
  .global Reset_Handler
  .type Reset_Handler, %function
  .thumb_func
Reset_Handler:
  bl __aeabi_memcpy
  bl __aeabi_uidiv
  b .

  .global memcpy
  .type memcpy, %function
  .thumb_func
memcpy:
  bx lr
