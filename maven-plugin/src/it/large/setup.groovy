// Writes the .npy weights of big.json (float32, seeded) so that no binary file is committed.
import java.nio.ByteBuffer
import java.nio.ByteOrder

def writeNpy(File file, int[] shape, Random random, double scale) {
    def shapeText = shape.length == 1 ? "(${shape[0]},)" : "(${shape.join(', ')})"
    def header = "{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }"
    int pad = (64 - (10 + header.length() + 1) % 64) % 64
    header = header + (' ' * pad) + '\n'
    int count = shape.inject(1) { a, b -> a * b }
    def buf = ByteBuffer.allocate(10 + header.length() + 4 * count).order(ByteOrder.LITTLE_ENDIAN)
    buf.put((byte) 0x93).put('NUMPY'.getBytes('US-ASCII')).put((byte) 1).put((byte) 0)
    buf.putShort((short) header.length()).put(header.getBytes('US-ASCII'))
    for (int i = 0; i < count; i++) {
        buf.putFloat((float) (random.nextGaussian() * scale))
    }
    file.bytes = buf.array()
}

def dir = new File(basedir, 'src/main/netjac')
def random = new Random(42)
writeNpy(new File(dir, 'w1.npy'), [784, 512] as int[], random, Math.sqrt(1.0 / 784))
writeNpy(new File(dir, 'b1.npy'), [512] as int[], random, 0.1)
writeNpy(new File(dir, 'w2.npy'), [512, 512] as int[], random, Math.sqrt(1.0 / 512))
writeNpy(new File(dir, 'b2.npy'), [512] as int[], random, 0.1)
writeNpy(new File(dir, 'w3.npy'), [512, 10] as int[], random, Math.sqrt(1.0 / 512))
writeNpy(new File(dir, 'b3.npy'), [10] as int[], random, 0.1)
return true
