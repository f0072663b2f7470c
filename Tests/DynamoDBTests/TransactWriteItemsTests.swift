import Codec
import DynamoDB
import Testing

@Suite struct TransactWriteItemsTests {
    @Test func actionsAreTheSingleItemRequestsWithoutReturnValues() throws {
        let input = TransactWriteItemsInput(transactItems: [
            .put(PutItemInput(
                tableName: "t", item: ["pk": .s("a")], conditionExpression: "attribute_not_exists(#k)",
                expressionAttributeNames: ["#k": "pk"], returnValues: .allOld, returnValuesOnConditionCheckFailure: .allOld)),
            .update(UpdateItemInput(
                tableName: "t", key: ["pk": .s("b")], updateExpression: "SET #n = :v", expressionAttributeNames: ["#n": "n"],
                expressionAttributeValues: [":v": .n("1")], returnValues: .allNew)),
            .delete(DeleteItemInput(tableName: "t", key: ["pk": .s("c")], returnValues: .allOld)),
            .conditionCheck(TransactConditionCheck(tableName: "t", key: ["pk": .s("d")], conditionExpression: "attribute_exists(pk)")),
        ], clientRequestToken: "token-1")
        let body = JSON.object(input.requestBody())
        let actions = try #require(body["TransactItems"]?.arrayValue)
        #expect(actions.map { $0.objectValue?.keys ?? [] } == [["Put"], ["Update"], ["Delete"], ["ConditionCheck"]])
        for action in actions {
            #expect(action.objectValue?.members.first?.value["ReturnValues"] == nil)
        }
        let put = try #require(actions[0]["Put"])
        #expect(put["TableName"] == "t")
        #expect(put["Item"] == ["pk": ["S": "a"]])
        #expect(put["ConditionExpression"] == "attribute_not_exists(#k)")
        #expect(put["ExpressionAttributeNames"] == ["#k": "pk"])
        #expect(put["ReturnValuesOnConditionCheckFailure"] == "ALL_OLD")
        #expect(actions[1]["Update"]?["UpdateExpression"] == "SET #n = :v")
        #expect(actions[1]["Update"]?["ExpressionAttributeValues"] == [":v": ["N": "1"]])
        #expect(actions[2]["Delete"]?["Key"] == ["pk": ["S": "c"]])
        #expect(actions[3]["ConditionCheck"]?["ConditionExpression"] == "attribute_exists(pk)")
        #expect(body["ClientRequestToken"] == "token-1")
    }
}
