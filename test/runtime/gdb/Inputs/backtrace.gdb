break main
continue
next
break HardFault_Handler
break noos_fault_report
continue
bt
echo past main:\n
set backtrace past-main on
bt
set backtrace past-main off
continue
bt
break noos_exit
continue
bt
kill
