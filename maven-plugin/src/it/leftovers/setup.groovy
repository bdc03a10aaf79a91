// What killed runs leave beside the outputs: temporary files of Tiny (the old .Tiny.weights<digits>.tmp form and
// the current .#Tiny.*.tmp one), and one of another class, which may be a run in progress and is not removed.
def res = new File(basedir, 'target/generated-resources/netjac/nets')
def src = new File(basedir, 'target/generated-sources/netjac/nets')
res.mkdirs()
src.mkdirs()
new File(res, '.Tiny.weights8127364.tmp').bytes = new byte[4096]
new File(res, '.#Tiny.weights.q1w2.tmp').bytes = new byte[4096]
new File(res, '.Other.weights55.tmp').bytes = new byte[4096]
new File(src, '.Tiny.java31337.tmp').text = 'class Broken {'
return true
