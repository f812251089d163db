;; Smallest valid plugin: always answers with a fixed response.
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "{\"referral_content\":\"c3RhdGlj\",\"selected_index\":1}")
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 50))))
