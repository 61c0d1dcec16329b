@ 64 KiB of read-only data, so that the image crosses a 64 KiB boundary.
@ Nothing refers to it: link with -u fill64k to keep it.
  .section .rodata.fill64k,"a",%progbits
  .globl fill64k
fill64k:
  .fill 65536, 1, 0xa5
