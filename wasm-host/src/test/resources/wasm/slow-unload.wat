;; Answers {} to every call; signpost_unload never returns on its own (the host stops it at the
;; plugin's timeout). Shows that a retiring instance's unload does not delay the call's answer.
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "{}")
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2)))
  (func (export "signpost_unload")
    (loop $forever (br $forever))))
