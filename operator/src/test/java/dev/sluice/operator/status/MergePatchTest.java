package dev.sluice.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void sendsWhatChangedAndNullForWhatWasRemoved() throws Exception {
    JsonNode before = json("{'phase':'Progressing','currentStepIndex':3,'canary':{'weights':{'canary':30,'verified':true},'run':'a'},"
        + "'conditions':[{'type':'Ready'}],'message':'step 4/10'}");
    JsonNode after = json("{'phase':'Progressing','currentStepIndex':4,'canary':{'weights':{'canary':40,'verified':false},'run':null},"
        + "'conditions':[{'type':'Ready'},{'type':'Healthy'}]}");

    assertThat(MergePatch.diff(before, after)).isEqualTo(json("{'currentStepIndex':4,'canary':{'weights':{'canary':40,'verified':false},"
        + "'run':null},'conditions':[{'type':'Ready'},{'type':'Healthy'}],'message':null}"));
  }

  @Test
  void aFirstStatusIsSentWhole() throws Exception {
    JsonNode after = json("{'phase':'Progressing'}");

    assertThat(MergePatch.diff(null, after)).isEqualTo(after);
  }
}
