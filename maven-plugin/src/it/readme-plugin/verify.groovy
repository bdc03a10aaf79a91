def log = new File(basedir, 'build.log').text
assert log.contains('netjac: generated Xor.java (package demo) from demo/xor.json')
// The point of pinning surefire 3.x: the JUnit 5 test really ran.
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert new File(basedir, 'target/classes/demo/Xor.weights').isFile()
return true
