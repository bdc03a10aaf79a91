def gen = new File(basedir, 'target/generated-sources/netjac')
assert new File(gen, 'keras/ResidualBlock.java').isFile()
assert new File(basedir, 'target/classes/keras/ResidualBlock.weights').isFile()
assert new File(basedir, 'target/classes/keras/ResidualBlock.class').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('netjac: generated ResidualBlock.java (package keras) from keras/model.json')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0')
return true
