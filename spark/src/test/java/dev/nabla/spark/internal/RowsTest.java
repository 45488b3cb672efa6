package dev.nabla.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** {@link Rows#converter} on hand-made rows, no Spark job: images, arrays and every label kind. */
class RowsTest {
  /** The struct Spark's image data source reads into its {@code image} column. */
  static final StructType IMAGE =
      new StructType()
          .add("origin", DataTypes.StringType)
          .add("height", DataTypes.IntegerType)
          .add("width", DataTypes.IntegerType)
          .add("nChannels", DataTypes.IntegerType)
          .add("mode", DataTypes.IntegerType)
          .add("data", DataTypes.BinaryType);

  static Sample image(int h, int w, int c, int... bytes) throws Exception {
    byte[] data = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (byte) bytes[i];
    }
    Row img = new GenericRowWithSchema(new Object[] {"file:/x.png", h, w, c, 16, data}, IMAGE);
    StructType schema = new StructType().add("image", IMAGE).add("label", DataTypes.IntegerType);
    return Rows.converter(schema, "image", "label").call(RowFactory.create(img, 4));
  }

  @Test
  void aColourImageBecomesRgbPlanesScaledToOne() throws Exception {
    // 2 x 2 pixels, each B, G, R as Spark (OpenCV) stores them, row by row
    Sample s =
        image(
            2,
            2,
            3, //
            10,
            20,
            30, /* (0,0) */
            40,
            50,
            60, /* (0,1) */
            70,
            80,
            90, /* (1,0) */
            255,
            0,
            128 /* (1,1) */);
    assertThat(s.input())
        .containsExactly(
            // R plane
            30 / 255f,
            60 / 255f,
            90 / 255f,
            128 / 255f,
            // G plane
            20 / 255f,
            50 / 255f,
            80 / 255f,
            0f,
            // B plane
            10 / 255f,
            40 / 255f,
            70 / 255f,
            1f);
    assertThat(s.label()).isEqualTo(4);
    assertThat(s.target()).isNull();
  }

  @Test
  void aGreyImageIsOnePlaneAndAnAlphaChannelStaysLast() throws Exception {
    assertThat(image(2, 2, 1, 0, 64, 128, 255).input())
        .containsExactly(0f, 64 / 255f, 128 / 255f, 1f);
    // 1 x 2 pixels of B, G, R, A
    assertThat(image(1, 2, 4, 1, 2, 3, 4, 5, 6, 7, 8).input())
        .containsExactly(
            3 / 255f, 7 / 255f, 2 / 255f, 6 / 255f, 1 / 255f, 5 / 255f, 4 / 255f, 8 / 255f);
  }

  @Test
  void anImageWhoseDataDoesNotMatchItsSizeIsRefused() {
    assertThatThrownBy(() -> image(2, 2, 3, 1, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image column 'image' has an image of 2x2x3 but 3 bytes of data");
  }

  /** An array column's value as an external row holds it: a Scala {@code Seq}. */
  static Object seq(Object... values) {
    return CollectionConverters.asScala(List.of(values)).toSeq();
  }

  static Sample arrayRow(DataType labelType, Object label) throws Exception {
    StructType schema =
        new StructType()
            .add("x", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("y", labelType);
    return Rows.converter(schema, "x", "y").call(RowFactory.create(seq(0.5, -2.0, 1e-3), label));
  }

  @Test
  void integerLabelsOfEveryWidthAreClassIndices() throws Exception {
    assertThat(arrayRow(DataTypes.IntegerType, 7).label()).isEqualTo(7);
    assertThat(arrayRow(DataTypes.LongType, 8L).label()).isEqualTo(8);
    assertThat(arrayRow(DataTypes.ShortType, (short) 9).label()).isEqualTo(9);
    assertThat(arrayRow(DataTypes.ByteType, (byte) 10).label()).isEqualTo(10);
    Sample s = arrayRow(DataTypes.IntegerType, 0);
    assertThat(s.target()).isNull();
    // array<double> features are narrowed to float
    assertThat(s.input()).containsExactly(0.5f, -2f, 1e-3f);
  }

  @Test
  void floatingLabelsAreOneValueTargetsAndArraysTargetVectors() throws Exception {
    Sample f = arrayRow(DataTypes.FloatType, 2.5f);
    assertThat(f.label()).isEqualTo(-1);
    assertThat(f.target()).containsExactly(2.5f);
    assertThat(arrayRow(DataTypes.DoubleType, -0.25).target()).containsExactly(-0.25f);
    Sample v = arrayRow(DataTypes.createArrayType(DataTypes.FloatType), seq(1f, 0f, 3f));
    assertThat(v.label()).isEqualTo(-1);
    assertThat(v.target()).containsExactly(1f, 0f, 3f);
  }

  @Test
  void aClassIndexOutsideTheIntRangeIsRefused() {
    assertThatThrownBy(() -> arrayRow(DataTypes.LongType, -1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label column 'y' holds -1");
    assertThatThrownBy(() -> arrayRow(DataTypes.LongType, 1L << 31))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 2147483648");
  }

  @Test
  void aNullFeatureOrLabelIsNamed() {
    assertThatThrownBy(() -> arrayRow(DataTypes.IntegerType, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a row has a null 'y'");
  }
}
