package dev.netjac.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.NetjacException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Keras → netjac table, one Keras layer at a time: the spec layers each becomes (independent of which
 * layer types this build's spec reader has). JSON is written with single quotes for readability.
 */
class KerasLayerTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec layers of a Sequential model [InputLayer [8, 8, 3], layer]; keras version 2 unless given. */
    private static JsonNode translate(String layer) {
        return translate(layer, "2.15.0");
    }

    private static JsonNode translate(String layer, String kerasVersion) {
        JsonNode topology = json("{'class_name': 'Sequential', 'keras_version': '" + kerasVersion + "', 'config': {'name': 'm',"
                + " 'layers': [{'class_name': 'InputLayer', 'config': {'name': 'in', 'batch_input_shape': [null, 8, 8, 3]}}, "
                + layer + "]}}");
        KerasTopology.Model model = KerasTopology.read(topology, "m.json");
        return KerasLayerTranslator.translate(model, "m").spec().get("layers");
    }

    private static void assertTranslates(String layer, String expectedLayers) {
        assertEquals(json(expectedLayers), translate(layer));
    }

    @Test
    void dense() {
        assertTranslates("{'class_name': 'Dense', 'config': {'name': 'd', 'units': 4, 'activation': 'relu', 'use_bias': true,"
                        + " 'kernel_initializer': {'class_name': 'GlorotUniform'}, 'kernel_regularizer': null}}",
                "[{'type': 'dense', 'name': 'd', 'units': 4, 'use_bias': true, 'bias': 'd/bias', 'kernel': 'd/kernel'},"
                        + " {'type': 'relu', 'name': 'd/relu'}]");
    }

    @Test
    void denseWithSoftmaxAndNoBias() {
        assertTranslates("{'class_name': 'Dense', 'config': {'name': 'd', 'units': 4, 'activation': 'softmax', 'use_bias': false}}",
                "[{'type': 'dense', 'name': 'd', 'units': 4, 'use_bias': false, 'kernel': 'd/kernel'},"
                        + " {'type': 'softmax', 'name': 'd/softmax'}]");
    }

    @Test
    void conv2d() {
        assertTranslates("{'class_name': 'Conv2D', 'config': {'name': 'c', 'filters': 5, 'kernel_size': [3, 2], 'strides': [2, 2],"
                        + " 'padding': 'same', 'data_format': 'channels_last', 'dilation_rate': [1, 1], 'groups': 1,"
                        + " 'activation': 'hard_sigmoid', 'use_bias': true}}",
                "[{'type': 'conv2d', 'name': 'c', 'filters': 5, 'kernel_size': [3, 2], 'strides': [2, 2], 'padding': 'same',"
                        + " 'dilation_rate': [1, 1], 'use_bias': true, 'bias': 'c/bias', 'kernel': 'c/kernel'},"
                        + " {'type': 'hard_sigmoid', 'name': 'c/hard_sigmoid'}]");
    }

    @Test
    void conv1dIntsBecomeLists() {
        assertTranslates("{'class_name': 'Conv1D', 'config': {'name': 'c', 'filters': 2, 'kernel_size': 3, 'strides': 1,"
                        + " 'padding': 'causal', 'dilation_rate': 2, 'use_bias': false, 'activation': 'linear'}}",
                "[{'type': 'conv1d', 'name': 'c', 'filters': 2, 'kernel_size': [3], 'strides': [1], 'padding': 'causal',"
                        + " 'dilation_rate': [2], 'use_bias': false, 'kernel': 'c/kernel'}]");
    }

    @Test
    void keras3HardSigmoidIsTheRelu6Form() {
        assertEquals(json("{'type': 'hard_sigmoid_relu6', 'name': 'a'}"),
                translate("{'class_name': 'Activation', 'config': {'name': 'a', 'activation': 'hard_sigmoid'}}", "3.5.0").get(0));
        assertEquals(json("{'type': 'hard_sigmoid', 'name': 'a'}"),
                translate("{'class_name': 'Activation', 'config': {'name': 'a', 'activation': 'hard_sigmoid'}}",
                        "tfjs-layers 4.22.0").get(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'class_name': 'MaxPooling2D', 'config': {'name': 'p', 'pool_size': [2, 2], 'strides': null, 'padding': 'valid', 'data_format': 'channels_last'}}"
                + "|{'type': 'max_pooling2d', 'name': 'p', 'pool_size': [2, 2], 'padding': 'valid'}",
        "{'class_name': 'AveragePooling1D', 'config': {'name': 'p', 'pool_size': [3], 'strides': [2], 'padding': 'same'}}"
                + "|{'type': 'average_pooling1d', 'name': 'p', 'pool_size': [3], 'strides': [2], 'padding': 'same'}",
        "{'class_name': 'AvgPool2D', 'config': {'name': 'p', 'pool_size': 2}}"
                + "|{'type': 'average_pooling2d', 'name': 'p', 'pool_size': [2, 2], 'padding': 'valid'}",
        "{'class_name': 'GlobalAveragePooling2D', 'config': {'name': 'g', 'data_format': 'channels_last', 'keepdims': true}}"
                + "|{'type': 'global_average_pooling2d', 'name': 'g', 'keepdims': true}",
        "{'class_name': 'GlobalMaxPooling1D', 'config': {'name': 'g'}}|{'type': 'global_max_pooling1d', 'name': 'g'}",
        "{'class_name': 'BatchNormalization', 'config': {'name': 'b', 'axis': [3], 'momentum': 0.99, 'epsilon': 0.001, 'center': true, 'scale': false}}"
                + "|{'type': 'batch_normalization', 'name': 'b', 'axis': 2, 'epsilon': 0.001, 'center': true, 'scale': false,"
                + " 'beta': 'b/beta', 'moving_mean': 'b/moving_mean', 'moving_variance': 'b/moving_variance'}",
        "{'class_name': 'LayerNormalization', 'config': {'name': 'l', 'axis': [-2, 3], 'epsilon': 1e-5, 'center': false, 'scale': true}}"
                + "|{'type': 'layer_normalization', 'name': 'l', 'axis': [-2, 2], 'epsilon': 1e-5, 'center': false, 'scale': true, 'gamma': 'l/gamma'}",
        "{'class_name': 'Reshape', 'config': {'name': 'r', 'target_shape': [-1, 3]}}|{'type': 'reshape', 'name': 'r', 'target_shape': [-1, 3]}",
        "{'class_name': 'Flatten', 'config': {'name': 'f', 'data_format': 'channels_last'}}|{'type': 'flatten', 'name': 'f'}",
        "{'class_name': 'ReLU', 'config': {'name': 'r', 'max_value': null, 'negative_slope': 0, 'threshold': 0}}|{'type': 'relu', 'name': 'r'}",
        "{'class_name': 'ReLU', 'config': {'name': 'r', 'max_value': 6}}|{'type': 'relu6', 'name': 'r'}",
        "{'class_name': 'ReLU', 'config': {'name': 'r', 'max_value': 4.5, 'negative_slope': 0.1, 'threshold': 0.5}}"
                + "|{'type': 'relu', 'name': 'r', 'max_value': 4.5, 'negative_slope': 0.1, 'threshold': 0.5}",
        "{'class_name': 'LeakyReLU', 'config': {'name': 'l'}}|{'type': 'leaky_relu', 'name': 'l', 'alpha': 0.3}",
        "{'class_name': 'LeakyReLU', 'config': {'name': 'l', 'alpha': 0.1}}|{'type': 'leaky_relu', 'name': 'l', 'alpha': 0.1}",
        "{'class_name': 'LeakyReLU', 'config': {'name': 'l', 'negative_slope': 0.05}}|{'type': 'leaky_relu', 'name': 'l', 'alpha': 0.05}",
        "{'class_name': 'ELU', 'config': {'name': 'e', 'alpha': 0.5}}|{'type': 'elu', 'name': 'e', 'alpha': 0.5}",
        "{'class_name': 'PReLU', 'config': {'name': 'p', 'shared_axes': [1, 2]}}|{'type': 'prelu', 'name': 'p', 'shared_axes': [0, 1], 'alpha': 'p/alpha'}",
        "{'class_name': 'PReLU', 'config': {'name': 'p', 'shared_axes': null}}|{'type': 'prelu', 'name': 'p', 'alpha': 'p/alpha'}",
        "{'class_name': 'Softmax', 'config': {'name': 's', 'axis': -1}}|{'type': 'softmax', 'name': 's'}",
        "{'class_name': 'Softmax', 'config': {'name': 's', 'axis': 2}}|{'type': 'softmax', 'name': 's', 'axis': 1}",
        "{'class_name': 'ThresholdedReLU', 'config': {'name': 't', 'theta': 0.7}}|{'type': 'thresholded_relu', 'name': 't', 'theta': 0.7}",
        "{'class_name': 'Activation', 'config': {'name': 'a', 'activation': 'log_softmax'}}|{'type': 'log_softmax', 'name': 'a'}",
        "{'class_name': 'Activation', 'config': {'name': 'a', 'activation': 'gelu_new'}}|{'type': 'gelu_tanh', 'name': 'a'}",
        "{'class_name': 'Activation', 'config': {'name': 'a', 'activation': 'logSoftmax'}}|{'type': 'log_softmax', 'name': 'a'}",
        "{'class_name': 'Flatten', 'config': {'name': 'f', 'dataFormat': 'channelsLast'}}|{'type': 'flatten', 'name': 'f'}",
        "{'class_name': 'Activation', 'config': {'name': 'a', 'activation': 'linear'}}|{'type': 'linear', 'name': 'a'}",
        "{'class_name': 'Dropout', 'config': {'name': 'd', 'rate': 0.25, 'noise_shape': null, 'seed': null}}|{'type': 'dropout', 'name': 'd', 'rate': 0.25}",
        "{'class_name': 'SpatialDropout2D', 'config': {'name': 'd', 'rate': 0.1}}|{'type': 'dropout', 'name': 'd', 'rate': 0.1}",
        "{'class_name': 'GaussianNoise', 'config': {'name': 'n', 'stddev': 0.1}}|{'type': 'identity', 'name': 'n'}",
        "{'class_name': 'ActivityRegularization', 'config': {'name': 'n', 'l1': 0.1}}|{'type': 'identity', 'name': 'n'}",
    })
    void singleLayer(String layer, String expected) {
        JsonNode layers = translate(layer);
        assertEquals(1, layers.size(), layers.toString());
        assertEquals(json(expected), layers.get(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'class_name': 'Conv2D', 'config': {'name': 'c', 'filters': 2, 'kernel_size': 3, 'data_format': 'channels_first'}}"
                + "|layer \"c\" (Conv2D): option data_format = \"channels_first\" is not supported",
        "{'class_name': 'Conv2D', 'config': {'name': 'c', 'filters': 2, 'kernel_size': 3, 'padding': 'causal'}}"
                + "|layer \"c\" (Conv2D): option padding = \"causal\" is not supported; expected one of valid, same",
        "{'class_name': 'Conv2D', 'config': {'name': 'c', 'kernel_size': 3}}|layer \"c\" (Conv2D): missing option filters",
        "{'class_name': 'Conv2D', 'config': {'name': 'c', 'filters': 2, 'kernel_size': [3, 3, 3]}}"
                + "|layer \"c\" (Conv2D): option kernel_size: expected 2 values, found [3,3,3]",
        "{'class_name': 'BatchNormalization', 'config': {'name': 'b', 'axis': [1, 2]}}|layer \"b\" (BatchNormalization): option axis = [1,2] is not supported; expected one axis",
        "{'class_name': 'BatchNormalization', 'config': {'name': 'b', 'renorm': true}}|option renorm = true is not supported",
        "{'class_name': 'LayerNormalization', 'config': {'name': 'l', 'rms_scaling': true}}|option rms_scaling = true is not supported",
        "{'class_name': 'Dense', 'config': {'name': 'd', 'units': 3, 'activation': {'class_name': 'LeakyReLU', 'config': {'alpha': 0.1}}}}"
                + "|layer \"d\" (Dense): option activation = an object of class \"LeakyReLU\" is not supported",
        "{'class_name': 'Masking', 'config': {'name': 'm'}}|layer \"m\" (Masking): layer class Masking is not supported: masking is not supported",
        "{'class_name': 'Sequential', 'config': {'name': 'inner', 'layers': []}}|a model nested as a layer is not supported",
        "{'class_name': 'Add', 'config': {'name': 'a'}}|layer \"a\" (Add): applied to 1 tensors",
        "{'class_name': 'Average', 'config': {'name': 'a'}}|layer \"a\" (Average): layer class Average is not supported",
        "{'class_name': 'Reshape', 'config': {'name': 'r', 'target_shape': [0, 3]}}|option target_shape = [0,3] is not supported",
    })
    void refused(String layer, String expected) {
        NetjacException e = assertThrows(NetjacException.class, () -> translate(layer));
        assertTrue(e.getMessage().startsWith("m.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void functionalBranchesUseInputsAndNameTheInput() {
        JsonNode topology = json("{'class_name': 'Model', 'config': {'name': 'g', 'layers': ["
                + "{'name': 'x', 'class_name': 'InputLayer', 'config': {'name': 'x', 'batch_input_shape': [null, 4]}, 'inbound_nodes': []},"
                + "{'name': 'a', 'class_name': 'Dense', 'config': {'name': 'a', 'units': 4, 'activation': 'relu'}, 'inbound_nodes': [[['x', 0, 0, {}]]]},"
                + "{'name': 'b', 'class_name': 'Dense', 'config': {'name': 'b', 'units': 4}, 'inbound_nodes': [[['x', 0, 0, {}]]]},"
                + "{'name': 'unused', 'class_name': 'Dense', 'config': {'name': 'unused', 'units': 4}, 'inbound_nodes': [[['x', 0, 0, {}]]]},"
                + "{'name': 'c', 'class_name': 'Concatenate', 'config': {'name': 'c', 'axis': 1}, 'inbound_nodes': [[['a', 0, 0, {}], ['b', 0, 0, {}]]]},"
                + "{'name': 's', 'class_name': 'Subtract', 'config': {'name': 's'}, 'inbound_nodes': [[['c', 0, 0, {}], ['x', 0, 0, {}]]]}"
                + "], 'input_layers': [['x', 0, 0]], 'output_layers': [['s', 0, 0]]}}");
        JsonNode spec = KerasLayerTranslator.translate(KerasTopology.read(topology, "g.json"), "g").spec();
        assertEquals(json("{'shape': [4], 'name': 'x'}"), spec.get("input"));
        assertEquals(json("[{'type': 'dense', 'name': 'a', 'units': 4, 'use_bias': true, 'bias': 'a/bias', 'kernel': 'a/kernel'},"
                + "{'type': 'relu', 'name': 'a/relu'},"
                + "{'type': 'dense', 'name': 'b', 'units': 4, 'use_bias': true, 'bias': 'b/bias', 'kernel': 'b/kernel', 'inputs': ['x']},"
                + "{'type': 'concatenate', 'name': 'c', 'axis': 0, 'inputs': ['a/relu', 'b']},"
                + "{'type': 'subtract', 'name': 's', 'inputs': ['c', 'x']}]"), spec.get("layers"));
    }

    @Test
    void sharedLayerAppliedTwice() {
        // y = d(d(x)): one Dense layer with two inbound nodes; its second application is its own spec layer
        JsonNode topology = json("{'class_name': 'Model', 'config': {'name': 'g', 'layers': ["
                + "{'name': 'x', 'class_name': 'InputLayer', 'config': {'name': 'x', 'batch_input_shape': [null, 3]}, 'inbound_nodes': []},"
                + "{'name': 'd', 'class_name': 'Dense', 'config': {'name': 'd', 'units': 3}, 'inbound_nodes': [[['x', 0, 0, {}]], [['d', 0, 0, {}]]]}"
                + "], 'input_layers': [['x', 0, 0]], 'output_layers': [['d', 1, 0]]}}");
        JsonNode spec = KerasLayerTranslator.translate(KerasTopology.read(topology, "g.json"), "g").spec();
        assertEquals(json("[{'type': 'dense', 'name': 'd', 'units': 3, 'use_bias': true, 'bias': 'd/bias', 'kernel': 'd/kernel'},"
                + "{'type': 'dense', 'name': 'd#1', 'units': 3, 'use_bias': true, 'bias': 'd/bias', 'kernel': 'd/kernel'}]"),
                spec.get("layers"));
        assertTrue(!spec.get("input").has("name"));
    }
}
