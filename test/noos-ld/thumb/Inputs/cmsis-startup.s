@ A start-up file in the style of the CMSIS/vendor ones: .isr_vector,
@ Reset_Handler typed as a function, and the other handlers weak Thumb
@ aliases (.thumb_set) of an untyped Default_Handler. All entries are odd.
  .syntax unified
  .cpu cortex-m3
  .thumb

  .section .isr_vector,"a",%progbits
  .type g_pfnVectors, %object
g_pfnVectors:
  .word __stack
  .word Reset_Handler
  .word NMI_Handler
  .word HardFault_Handler
  .word 0, 0, 0, 0, 0, 0, 0
  .word SVC_Handler
  .word 0, 0
  .word PendSV_Handler
  .word SysTick_Handler
  .word WWDG_IRQHandler
  .size g_pfnVectors, . - g_pfnVectors

  .section .text.Reset_Handler,"ax",%progbits
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  bl main
  b .
  .size Reset_Handler, . - Reset_Handler

  .section .text.Default_Handler,"ax",%progbits
Default_Handler:
Infinite_Loop:
  b Infinite_Loop
  .size Default_Handler, . - Default_Handler

  .weak NMI_Handler
  .thumb_set NMI_Handler, Default_Handler
  .weak HardFault_Handler
  .thumb_set HardFault_Handler, Default_Handler
  .weak SVC_Handler
  .thumb_set SVC_Handler, Default_Handler
  .weak PendSV_Handler
  .thumb_set PendSV_Handler, Default_Handler
  .weak SysTick_Handler
  .thumb_set SysTick_Handler, Default_Handler
  .weak WWDG_IRQHandler
  .thumb_set WWDG_IRQHandler, Default_Handler
