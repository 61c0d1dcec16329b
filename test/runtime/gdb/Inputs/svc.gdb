break SVC_Handler
continue
bt
kill
